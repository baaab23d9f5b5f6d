package com.m365.e4upgrade.console.api;

import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.m365.e4upgrade.batch.MigrationParameters;
import com.m365.e4upgrade.console.runs.ConsoleProblem;
import com.m365.e4upgrade.console.runs.ConsoleRepository;
import com.m365.e4upgrade.console.runs.MigrationQueries;
import com.m365.e4upgrade.console.runs.MigrationRuns;
import com.m365.e4upgrade.console.runs.MigrationView;
import com.m365.e4upgrade.console.runs.MigrationViews;
import com.m365.e4upgrade.console.runs.RunOptions;
import com.m365.e4upgrade.console.runs.StoredUpload;
import com.m365.e4upgrade.console.runs.UploadStore;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The JSON API, for scripts (HTTP Basic) and the pages (their session): start a migration
 * from two uploads, list and read migrations, stop, resume, run a reviewed preview for
 * real, download the reports.
 */
@ConditionalOnProperty("console.enabled")
@RestController
@RequestMapping("/api/migrations")
public class MigrationApiController {

    private final UploadStore uploads;

    private final MigrationRuns runs;

    private final MigrationViews views;

    private final MigrationQueries queries;

    private final ConsoleRepository console;

    public MigrationApiController(UploadStore uploads, MigrationRuns runs, MigrationViews views,
            MigrationQueries queries, ConsoleRepository console) {
        this.uploads = uploads;
        this.runs = runs;
        this.views = views;
        this.queries = queries;
        this.console = console;
    }

    /**
     * 202 and the migration started (or resumed); 200 and its status when the same files
     * are a migration that completed or runs now; 400 with the command line's line for a
     * file or option it would refuse, nothing kept.
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<Map<String, Object>> start(@RequestParam(required = false) MultipartFile tenants,
            @RequestParam(required = false) MultipartFile users, @RequestParam(required = false) String dryRun,
            @RequestParam(required = false) String sourceSku, @RequestParam(required = false) String locale,
            @RequestParam(required = false) String maxRejects, @RequestParam(required = false) String stopAt,
            Principal principal) {
        RunOptions options = RunOptions.parse(dryRun, sourceSku, locale, maxRejects, stopAt);
        List<StoredUpload> kept = uploads.keep(Uploads.incoming("tenants", tenants), Uploads.incoming("users", users));
        kept.forEach(upload -> console.saveUpload(upload, principal.getName()));
        return launched(runs.start(kept.get(0), kept.get(1), options, principal.getName()));
    }

    @GetMapping
    public List<MigrationView.Item> list() {
        return views.list();
    }

    @GetMapping("/{id}")
    public MigrationView.Detail detail(@PathVariable long id) {
        return views.detail(id);
    }

    @PostMapping("/{id}/stop")
    public ResponseEntity<Map<String, Object>> stop(@PathVariable long id, Principal principal) {
        runs.stop(id, principal.getName());
        return ResponseEntity.accepted().body(Map.of("id", id, "status", "STOPPING"));
    }

    @PostMapping("/{id}/resume")
    public ResponseEntity<Map<String, Object>> resume(@PathVariable long id, Principal principal) {
        return launched(runs.resume(id, principal.getName()));
    }

    /** The real run of a completed preview (dry run), on the files it reviewed. */
    @PostMapping("/{id}/real-run")
    public ResponseEntity<Map<String, Object>> realRun(@PathVariable long id, Principal principal) {
        return launched(runs.startRealRun(id, principal.getName()));
    }

    @GetMapping("/{id}/reports/{name}")
    public ResponseEntity<Resource> report(@PathVariable long id, @PathVariable String name) {
        Path file = views.report(id, name)
            .orElseThrow(() -> ConsoleProblem.notFound("no report " + name + " for migration " + id
                    + " (the reports are " + String.join(", ", MigrationViews.REPORTS) + ", once written)"));
        MediaType type = name.endsWith(".json") ? MediaType.APPLICATION_JSON : new MediaType("text", "csv");
        return ResponseEntity.ok()
            .contentType(type)
            .header(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename("migration-" + id + "-" + name).build().toString())
            .body(new FileSystemResource(file));
    }

    /**
     * A page of the eligibility table, filtered by verdict, reason and a search on the
     * tenant.
     */
    @GetMapping("/{id}/tenants")
    public List<MigrationQueries.TenantRow> tenants(@PathVariable long id,
            @RequestParam(required = false) String verdict, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String search, @RequestParam(defaultValue = "0") int page,
            Locale requestLocale) {
        JobParameters parameters = views.parameters(id);
        Locale locale = Locale.forLanguageTag(parameters.getString(MigrationParameters.LOCALE, "en"));
        return queries.tenants(id, parameters.getString(MigrationParameters.SOURCE_SKU), locale,
                new MigrationQueries.TenantFilter(blankToNull(verdict), blankToNull(reason), blankToNull(search)),
                page);
    }

    @GetMapping("/{id}/tenants/{tenantId}/users")
    public List<MigrationQueries.UserRow> users(@PathVariable long id, @PathVariable String tenantId) {
        JobParameters parameters = views.parameters(id);
        return queries.users(id, tenantId, Boolean.parseBoolean(parameters.getString(MigrationParameters.DRY_RUN)));
    }

    @GetMapping("/{id}/rejects")
    public List<MigrationQueries.RejectRow> rejects(@PathVariable long id, @RequestParam(defaultValue = "0") int page) {
        views.parameters(id);
        return queries.rejects(id, page);
    }

    /** Users moved over time, for the chart. */
    @GetMapping("/{id}/samples")
    public List<ConsoleRepository.Sample> samples(@PathVariable long id) {
        views.parameters(id);
        return console.samples(id);
    }

    private static ResponseEntity<Map<String, Object>> launched(MigrationRuns.Launch launch) {
        Map<String, Object> body = Map.of("id", launch.migrationId(), "executionId", launch.executionId(), "status",
                launch.status());
        return launch.started() ? ResponseEntity.accepted().body(body) : ResponseEntity.ok(body);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

}
