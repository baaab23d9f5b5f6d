package com.m365.e4upgrade.console.api;

import com.m365.e4upgrade.console.runs.ConsoleProblem;
import com.m365.e4upgrade.console.runs.UploadStore;

import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;

/**
 * A multipart file as the upload store takes it, named as the operator's machine named
 * it.
 */
public final class Uploads {

    private Uploads() {
    }

    public static UploadStore.Incoming incoming(String field, MultipartFile file) {
        if (file == null) {
            throw ConsoleProblem.badRequest("e4-upgrade: missing file " + field + " (a multipart field named " + field
                    + " holding " + field + ".csv)");
        }
        return new UploadStore.Incoming(nameOf(field, file.getOriginalFilename()), file);
    }

    /**
     * Whether a failure is an upload over the size limit: Spring's exception, or Tomcat's
     * own when the parts are read as the controller asks for them.
     */
    public static boolean tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MaxUploadSizeExceededException
                    || cause.getClass().getSimpleName().endsWith("SizeLimitExceededException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The file's own name without the folders some browsers send, and nothing that is not
     * text.
     */
    static String nameOf(String field, String original) {
        if (original == null) {
            return field + ".csv";
        }
        String name = original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1)
            .replaceAll("\\p{Cntrl}", "")
            .strip();
        if (name.length() > 200) {
            name = name.substring(name.length() - 200);
        }
        return name.isEmpty() ? field + ".csv" : name;
    }

}
