package dev.tributary.functions.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogFormatTest {

    @Test
    void defaultsToText_andToJsonOnLambda() {
        assertThat(LogFormat.choose(null, null, false)).isEqualTo("text");
        assertThat(LogFormat.choose(null, null, true)).isEqualTo("json");
    }

    @Test
    void explicitChoice_wins_propertyBeforeEnvironment() {
        assertThat(LogFormat.choose(null, "JSON", false)).isEqualTo("json");
        assertThat(LogFormat.choose("text", "json", true)).isEqualTo("text");
    }

    @Test
    void unknownFormat_isIgnored() {
        assertThat(LogFormat.choose("xml", " ", false)).isEqualTo("text");
        assertThat(LogFormat.choose("xml", null, true)).isEqualTo("json");
    }
}
