package org.customerhub.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.customerhub.canonical.Incident;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionLine;
import org.junit.jupiter.api.Test;

class ProductIncidentsTest {
    @Test
    void ratesArePerUnitSoldWithTheReasonsCounted() {
        ProductIncidents incidents = new ProductIncidents();
        incidents.add("STORE_SALE", interaction(null, line("A", 4), line("B", 10)));
        incidents.add("WEB_ORDER", interaction(null, line("A", 6)));
        incidents.add("WEB_ORDER", interaction("CANCELLED", line("A", 50)));
        Interaction returned = interaction(null, line("A", -2));
        returned.getIncident().add(incident("DAMAGED", "A"));
        returned.getIncident().add(incident("WRONG_SIZE", "A"));
        incidents.add("STORE_RETURN", returned);
        Interaction complaint = interaction(null);
        complaint.getIncident().add(incident("DEFECT", "B"));
        incidents.add("SUPPORT_CASE", complaint);

        assertThat(incidents.unitsSold("A")).isEqualTo(10);
        assertThat(incidents.worst(10)).extracting(ProductIncidents.Offender::sku).containsExactly("A", "B");
        ProductIncidents.Offender a = incidents.worst(1).get(0);
        assertThat(a.unitsReturned()).isEqualTo(2);
        assertThat(a.returnRate()).isEqualTo(0.2);
        assertThat(a.reasons()).isEqualTo(Map.of("DAMAGED", 1L, "WRONG_SIZE", 1L));
        ProductIncidents.Offender b = incidents.worst(2).get(1);
        assertThat(b.supportCases()).isEqualTo(1);
        assertThat(b.supportCaseRate()).isEqualTo(0.1);
    }

    private static Interaction interaction(String status, InteractionLine... lines) {
        Interaction interaction = new Interaction();
        interaction.setStatus(status);
        interaction.getLine().addAll(java.util.List.of(lines));
        return interaction;
    }

    private static InteractionLine line(String sku, int quantity) {
        InteractionLine line = new InteractionLine();
        line.setSku(sku);
        line.setQuantity(quantity);
        return line;
    }

    private static Incident incident(String code, String sku) {
        Incident incident = new Incident();
        incident.setCode(code);
        incident.setSku(sku);
        return incident;
    }
}
