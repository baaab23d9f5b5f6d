package com.m365.e4upgrade.console.api;

import java.util.Map;

import com.m365.e4upgrade.console.runs.ConsoleProblem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MultipartException;

/** Every refusal of the API as {@code {"error": "<one line>"}} with its status. */
@ConditionalOnProperty("console.enabled")
@RestControllerAdvice(assignableTypes = MigrationApiController.class)
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final long maxUpload;

    public ApiErrors(com.m365.e4upgrade.console.runs.ConsoleSettings settings) {
        this.maxUpload = settings.maxUpload().toBytes();
    }

    private ResponseEntity<Map<String, String>> tooLarge() {
        return ResponseEntity.status(413)
            .body(Map.of("error", "e4-upgrade: upload too large: each file may hold at most " + maxUpload
                    + " bytes (--console.max-upload); nothing kept"));
    }

    @ExceptionHandler(ConsoleProblem.class)
    public ResponseEntity<Map<String, String>> refused(ConsoleProblem problem) {
        return ResponseEntity.status(problem.status()).body(Map.of("error", problem.getMessage()));
    }

    @ExceptionHandler(MultipartException.class)
    public ResponseEntity<Map<String, String>> notMultipart(MultipartException e) {
        if (Uploads.tooLarge(e)) {
            return tooLarge();
        }
        return ResponseEntity.badRequest()
            .body(Map.of("error", "e4-upgrade: expected a multipart/form-data upload with files tenants and users"));
    }

    @ExceptionHandler(RuntimeException.class)
    public ResponseEntity<Map<String, String>> failed(RuntimeException e) {
        if (Uploads.tooLarge(e)) {
            return tooLarge();
        }
        log.error("The console could not answer", e);
        return ResponseEntity.internalServerError()
            .body(Map.of("error", "e4-upgrade: " + e.getMessage() + " (details in logs/e4-upgrade.log)"));
    }

}
