package com.m365.e4upgrade.console.web;

import com.m365.e4upgrade.console.api.Uploads;
import com.m365.e4upgrade.console.runs.ConsoleProblem;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What every page shows (who is signed in, whether the account may act), and a page's
 * refusal shown as a page: an unknown migration, a file too large.
 */
@ControllerAdvice(assignableTypes = ConsolePagesController.class)
@ConditionalOnProperty("console.enabled")
public class PageErrors {

    @ModelAttribute
    public void account(Model model, HttpServletRequest request) {
        model.addAttribute("who", request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName());
        model.addAttribute("operator", request.isUserInRole("OPERATOR"));
    }

    @ExceptionHandler(ConsoleProblem.class)
    public String refused(ConsoleProblem problem, Model model, HttpServletResponse response) {
        response.setStatus(problem.status());
        model.addAttribute("error", problem.getMessage());
        return "console/error";
    }

    @ExceptionHandler(RuntimeException.class)
    public String tooLarge(RuntimeException failure, Model model, HttpServletResponse response) {
        if (!Uploads.tooLarge(failure)) {
            throw failure;
        }
        response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
        model.addAttribute("error", "e4-upgrade: upload too large (--console.max-upload); nothing kept");
        return "console/error";
    }

}
