package org.customerhub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SplitGroupsTest {
    private static final List<String> KEYS = List.of("catalogue:0583361", "web:U41583361", "retail:6004213707");

    @Test
    void everyKeyInExactlyOneOfTwoGroupsOrMore() {
        assertThat(SplitGroups.checkKeys(List.of(List.of("catalogue:0583361", "retail:6004213707"), List.of("web:U41583361")), KEYS))
                .containsExactly(List.of("catalogue:0583361", "retail:6004213707"), List.of("web:U41583361"));
    }

    @Test
    void refusesWhatWouldLoseOrInventAPerson() {
        assertThatThrownBy(() -> SplitGroups.checkKeys(List.of(KEYS), KEYS)).hasMessageContaining("two groups");
        assertThatThrownBy(() -> SplitGroups.checkKeys(List.of(List.of("catalogue:0583361"), List.of("web:U41583361")), KEYS))
                .hasMessageContaining("missing: retail:6004213707");
        assertThatThrownBy(() -> SplitGroups.checkKeys(List.of(List.of("catalogue:0583361", "web:U41583361"),
                List.of("web:U41583361", "retail:6004213707")), KEYS)).hasMessageContaining("in two groups");
        assertThatThrownBy(() -> SplitGroups.checkKeys(List.of(List.of("catalogue:0583361", "web:U41583361", "retail:6004213707"),
                List.of("web:U99")), KEYS)).hasMessageContaining("not a channel key of this customer");
        assertThatThrownBy(() -> SplitGroups.checkKeys(List.of(KEYS, List.of()), KEYS)).hasMessageContaining("one channel key or more");
    }
}
