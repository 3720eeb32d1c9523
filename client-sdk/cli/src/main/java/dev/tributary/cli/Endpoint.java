package dev.tributary.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Parses and checks {@code --endpoint} (and {@code TRIBUTARY_ENDPOINT}): an absolute
 * {@code http} or {@code https} URL with a host, such as {@code http://localhost:8080}.
 * A missing scheme is the usual slip, so the message says what to write instead.
 */
final class Endpoint implements CommandLine.ITypeConverter<URI> {

    @Override
    public URI convert(String value) {
        return parse(value);
    }

    static URI parse(String value) {
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            throw new CommandLine.TypeConversionException("the endpoint is empty; give the service URL, e.g. "
                    + "http://localhost:8080");
        }
        if (!text.contains("://")) {
            if (text.toLowerCase(Locale.ROOT).matches("https?:.*")) {
                throw new CommandLine.TypeConversionException("'" + text + "' has no host name; write it as http://HOST:PORT");
            }
            throw new CommandLine.TypeConversionException("'" + text + "' has no scheme; did you mean http://" + text + " ?");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new CommandLine.TypeConversionException("'" + text + "' must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new CommandLine.TypeConversionException("'" + text + "' has no host name");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new CommandLine.TypeConversionException("'" + text + "' must not have a query or a fragment");
        }
        return uri;
    }
}
