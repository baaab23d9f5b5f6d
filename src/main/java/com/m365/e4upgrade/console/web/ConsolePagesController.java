package com.m365.e4upgrade.console.web;

import java.security.Principal;
import java.util.List;

import com.m365.e4upgrade.console.api.Uploads;
import com.m365.e4upgrade.console.runs.ConsoleProblem;
import com.m365.e4upgrade.console.runs.ConsoleRepository;
import com.m365.e4upgrade.console.runs.MigrationRuns;
import com.m365.e4upgrade.console.runs.MigrationView;
import com.m365.e4upgrade.console.runs.MigrationViews;
import com.m365.e4upgrade.console.runs.RunOptions;
import com.m365.e4upgrade.console.runs.StoredUpload;
import com.m365.e4upgrade.console.runs.UploadStore;
import com.m365.e4upgrade.eligibility.ReasonCode;
import com.m365.e4upgrade.eligibility.Verdict;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages: the migrations, a new migration (uploads and options, a preview is a dry
 * run), one migration (its steps live, charts, tables, downloads, audit trail and the
 * actions the account may take). They show what the API returns and act through the same
 * services; the live parts read the JSON API with the page's session.
 */
@Controller
@ConditionalOnProperty("console.enabled")
public class ConsolePagesController {

    private final UploadStore uploads;

    private final MigrationRuns runs;

    private final MigrationViews views;

    private final ConsoleRepository console;

    public ConsolePagesController(UploadStore uploads, MigrationRuns runs, MigrationViews views,
            ConsoleRepository console) {
        this.uploads = uploads;
        this.runs = runs;
        this.views = views;
        this.console = console;
    }

    @GetMapping("/login")
    public String login() {
        return "console/login";
    }

    @GetMapping("/")
    public String migrations(Model model) {
        model.addAttribute("migrations", views.list());
        return "console/migrations";
    }

    @GetMapping("/migrations/new")
    public String newMigration(Model model) {
        model.addAttribute("verdicts", Verdict.values());
        return "console/new";
    }

    /**
     * The form's upload: a refused file is shown on the form with its file, line and
     * column.
     */
    @PostMapping("/migrations")
    public String start(@RequestParam(required = false) MultipartFile tenants,
            @RequestParam(required = false) MultipartFile users, @RequestParam(required = false) String dryRun,
            @RequestParam(required = false) String sourceSku, @RequestParam(required = false) String locale,
            @RequestParam(required = false) String maxRejects, @RequestParam(required = false) String stopAt,
            Principal principal, Model model) {
        try {
            RunOptions options = RunOptions.parse(dryRun, sourceSku, locale, maxRejects, stopAt);
            List<StoredUpload> kept = uploads.keep(Uploads.incoming("tenants", empty(tenants)),
                    Uploads.incoming("users", empty(users)));
            kept.forEach(upload -> console.saveUpload(upload, principal.getName()));
            MigrationRuns.Launch launch = runs.start(kept.get(0), kept.get(1), options, principal.getName());
            return "redirect:/migrations/" + launch.migrationId();
        }
        catch (ConsoleProblem problem) {
            model.addAttribute("error", problem.getMessage());
            model.addAttribute("verdicts", Verdict.values());
            return "console/new";
        }
    }

    @GetMapping("/migrations/{id}")
    public String migration(@PathVariable long id, Model model) {
        MigrationView.Detail detail = views.detail(id);
        model.addAttribute("detail", detail);
        model.addAttribute("m", detail.migration());
        model.addAttribute("verdicts", Verdict.values());
        model.addAttribute("reasons", ReasonCode.values());
        model.addAttribute("busy", runs.running().isPresent());
        return "console/migration";
    }

    @PostMapping("/migrations/{id}/stop")
    public String stop(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        return act(id, redirect, () -> {
            runs.stop(id, principal.getName());
            return id;
        });
    }

    @PostMapping("/migrations/{id}/resume")
    public String resume(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        return act(id, redirect, () -> runs.resume(id, principal.getName()).migrationId());
    }

    @PostMapping("/migrations/{id}/real-run")
    public String realRun(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        return act(id, redirect, () -> runs.startRealRun(id, principal.getName()).migrationId());
    }

    private static String act(long id, RedirectAttributes redirect, java.util.function.LongSupplier action) {
        try {
            return "redirect:/migrations/" + action.getAsLong();
        }
        catch (ConsoleProblem problem) {
            redirect.addFlashAttribute("error", problem.getMessage());
            return "redirect:/migrations/" + id;
        }
    }

    /** A file input left empty arrives as an empty part with no name: not given. */
    private static MultipartFile empty(MultipartFile file) {
        return file == null
                || (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isEmpty()))
                        ? null : file;
    }

}
