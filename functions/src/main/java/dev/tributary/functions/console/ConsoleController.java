package dev.tributary.functions.console;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web console at {@code /console}: one static page whose script talks to the public
 * HTTP API (topics, records, groups). Its script and style sheet are static resources under
 * {@code /console/} ({@code micronaut.router.static-resources.console}); nothing is fetched
 * from anywhere else.
 */
@Controller("/console")
public class ConsoleController {
    private static final String PAGE = "console/index.html";

    private final byte[] page;

    public ConsoleController() {
        try (InputStream in = ConsoleController.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the class path");
            }
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> page() {
        return HttpResponse.ok(page).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'");
    }
}
