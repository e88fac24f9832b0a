package io.kotanihub.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a payout CSV of any size, streaming (nothing is held in memory): Kenyan mobile-money rows to a pool of
 * ordinary numbers (they succeed), one row in fifty to the sandbox's "insufficient funds" number. References are
 * unique per run ({@code prefix}).
 */
public final class PayoutFileGenerator {

    /** Distinct recipients (the hub creates one Kotani customer per phone number). */
    static final int PHONES = 2000;

    private PayoutFileGenerator() { }

    /** Writes {@code rows} rows to {@code target} under a temporary name, then renames it into place. */
    public static void write(Path target, int rows, String prefix) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            out.write("reference,amount,currency,method,phone,network,name,narration\r\n");
            for (int i = 1; i <= rows; i++) {
                String phone = i % 50 == 0 ? "+254700000010" : String.format("+25471%07d", i % PHONES);
                out.write(prefix);
                out.write('-');
                out.write(Integer.toString(i));
                out.write(',');
                out.write(Integer.toString(100 + i % 900));
                out.write(i % 4 == 0 ? ".50" : "");
                out.write(",KES,mobile_money,");
                out.write(phone);
                out.write(",MPESA,\"Employee, No ");
                out.write(Integer.toString(i % PHONES));
                out.write("\",Salary\r\n");
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
