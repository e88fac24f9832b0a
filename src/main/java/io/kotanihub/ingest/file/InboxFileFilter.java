package io.kotanihub.ingest.file;

import java.io.File;
import java.util.Locale;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.springframework.stereotype.Component;

/**
 * Which files of the inbox the file-drop route reads: {@code *.csv} files, never hidden or temporary ones (dot-files,
 * {@code ~} lock files; {@code *.tmp}, {@code *.part} and done-markers are not {@code .csv}). With
 * {@code hub.files.require-done-marker} a file is read only once its done-marker exists. That the file has stopped
 * changing is checked by the route's {@code readLock=changed}.
 */
@Component("inboxFileFilter")
public class InboxFileFilter implements GenericFileFilter<File> {

    private final FileDropProperties properties;

    public InboxFileFilter(FileDropProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return false;
        }
        return accept(new File(file.getAbsoluteFilePath()));
    }

    boolean accept(File file) {
        String name = file.getName();
        if (name.startsWith(".") || name.startsWith("~") || !name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return false;
        }
        return !properties.isRequireDoneMarker() || doneMarker(file).exists();
    }

    /** {@code payroll.csv} → {@code payroll.csv.done} (with the configured suffix). */
    File doneMarker(File file) {
        return new File(file.getParentFile(), file.getName() + properties.getDoneMarkerSuffix());
    }
}
