package org.customerhub.identity;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatchSettingsTest {

    @Test
    void shippedPropertiesSetEveryKeyToTheDocumentedDefault() {
        assertThat(ShippedConfig.settings()).isEqualTo(MatchSettings.defaults());
    }

    @Test
    void missingKeysTakeDefaults() {
        Properties properties = new Properties();
        properties.setProperty("identity.weight.given.agree", "2.75");
        properties.setProperty("identity.threshold.match", " 10 ");

        MatchSettings settings = MatchSettings.from(properties);

        assertThat(settings.givenAgree()).isEqualTo(2.75);
        assertThat(settings.matchThreshold()).isEqualTo(10.0);
        assertThat(settings.possibleThreshold()).isEqualTo(MatchSettings.defaults().possibleThreshold());
        assertThat(settings.phoneAgree()).isEqualTo(MatchSettings.defaults().phoneAgree());
    }

    @Test
    void emptyPropertiesAreTheDefaults() {
        assertThat(MatchSettings.from(new Properties())).isEqualTo(MatchSettings.defaults());
    }

    @Test
    void rejectsAMisspeltKey() {
        Properties properties = new Properties();
        properties.setProperty("identity.weight.phone.agre", "4");

        assertThatThrownBy(() -> MatchSettings.from(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity.weight.phone.agre");
    }

    @Test
    void leavesOtherKeysAlone() {
        Properties properties = new Properties();
        properties.setProperty("identity.phone.default-region", "US");
        properties.setProperty("hub.name", "x");

        assertThat(MatchSettings.from(properties)).isEqualTo(MatchSettings.defaults());
    }

    @Test
    void rejectsNonNumbers() {
        Properties properties = new Properties();
        properties.setProperty("identity.threshold.possible", "high");

        assertThatThrownBy(() -> MatchSettings.from(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity.threshold.possible");

        properties.setProperty("identity.threshold.possible", "NaN");
        assertThatThrownBy(() -> MatchSettings.from(properties)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAPossibleThresholdAboveTheMatchThreshold() {
        Properties properties = new Properties();
        properties.setProperty("identity.threshold.possible", "12");

        assertThatThrownBy(() -> MatchSettings.from(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("possible threshold");
    }
}
