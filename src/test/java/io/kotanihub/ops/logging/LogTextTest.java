package io.kotanihub.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.kotanihub.common.logging.LogText;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The bounds on text from input in log lines, and the logging layer's last guard on any message. */
class LogTextTest {

    @Test
    void aValueFromInputIsCutAndCannotForgeLines() {
        assertThat(LogText.value("inv:7")).isEqualTo("inv:7");
        assertThat(LogText.value(null)).isEqualTo("null");
        assertThat(LogText.value("a\nWARN forged line\r")).isEqualTo("a?WARN forged line?");
        String cut = LogText.value("x".repeat(10_000));
        assertThat(cut).startsWith("x".repeat(LogText.MAX_VALUE)).endsWith("(9880 more characters)").hasSizeLessThan(200);
    }

    @Test
    void aListFromInputIsSummarised() {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            columns.add("extra_column_" + i + "_" + "y".repeat(100));
        }
        String summary = LogText.summary(columns);
        assertThat(summary).startsWith("[extra_column_0_").contains("and 49995 more").hasSizeLessThan(400);
        assertThat(LogText.summary(List.of("a", "b"))).isEqualTo("[a, b]");
    }

    @Test
    void theLoggingLayerCutsAnyMessageBeyondTheCapAndStillMasksWhatIsLeft() {
        String phone = "+254712345678";
        StringBuilder huge = new StringBuilder("unknown columns: ");
        while (huge.length() < 400_000) {
            huge.append("col_").append(huge.length()).append(", ");
        }
        String message = phone + " " + huge;
        MaskingMessageConverter converter = new MaskingMessageConverter();
        String line = converter.convert(event(message));
        assertThat(line.length()).isLessThanOrEqualTo(LogText.MAX_MESSAGE + 100);
        assertThat(line).contains("[log message truncated: " + message.length() + " characters in all]");
        assertThat(line).doesNotContain(phone).contains("*********678");

        String digits = "x".repeat(LogText.MAX_MESSAGE - 5) + " 254712345678 tail";
        assertThat(converter.convert(event(digits)))
                .as("a number at the cut is left out whole, not cut into an unmasked part")
                .doesNotContain("25471").doesNotContain("2547");

        assertThat(converter.convert(event("short " + phone))).isEqualTo("short +*********678");
    }

    @Test
    void stackTracesAreBoundedLineByLineAndInAll() {
        String trace = "java.lang.IllegalStateException: " + "z".repeat(100_000) + "\n" + "\tat a.B.c(B.java:1)\n"
                .repeat(10_000);
        String bounded = LogText.capTrace(trace);
        assertThat(bounded.length()).isLessThanOrEqualTo(LogText.MAX_TRACE + 200);
        assertThat(bounded.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(
                LogText.MAX_MESSAGE + 100));
        assertThat(bounded).contains("[stack trace truncated").contains("[log message truncated");
        String small = "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n";
        assertThat(LogText.capTrace(small)).isSameAs(small);
    }

    @Test
    void jsonLinesAreBoundedToo() {
        String json = HubLogEncoder.toJson(event("z".repeat(100_000)));
        assertThat(json.length()).isLessThan(LogText.MAX_MESSAGE + 400);
        assertThat(json).contains("log message truncated");
    }

    private static LoggingEvent event(String message) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        return new LoggingEvent("test", context.getLogger("io.kotanihub.test"), Level.INFO, message, null, null);
    }
}
