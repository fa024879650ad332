package org.customerhub.care;

import static org.customerhub.http.JsonAnswer.respond;
import static org.customerhub.json.Json.MAPPER;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Exchange;
import org.customerhub.canonical.Customer;
import org.customerhub.identity.MatchOutcome;
import org.customerhub.identity.ProfileUpdater;
import org.customerhub.query.CustomerJson;
import org.customerhub.query.CustomerProfiles;
import org.customerhub.store.CustomerStore;
import org.customerhub.store.StoreRows.ReviewPair;

/**
 * The agents' review queue: every possible match once, best score first and then by the lifetime value of the two
 * customers, with both customers side by side and the scorer's evidence (each field's agreement and the guards that
 * held the pair back). A decision goes through the agent channel like any merge or keep-apart (CustomerCare.decide).
 */
public final class ReviewQueue {
    private final CustomerStore store;
    private final CustomerProfiles profiles;
    private final ProfileUpdater updater;
    private final int maxPairs;
    private final CustomerJson json = new CustomerJson();

    public ReviewQueue(CustomerStore store, CustomerProfiles profiles, ProfileUpdater updater, int maxPairs) {
        this.store = store;
        this.profiles = profiles;
        this.updater = updater;
        this.maxPairs = maxPairs;
    }

    /** GET /admin/api/review-queue. */
    public void list(Exchange exchange) {
        ArrayNode pairs = MAPPER.createArrayNode();
        for (ReviewPair pair : store.reviewQueue(maxPairs)) {
            Optional<Customer> one = profiles.find(pair.hubId());
            Optional<Customer> other = profiles.find(pair.otherHubId());
            if (one.isEmpty() || other.isEmpty()) {
                continue;
            }
            MatchOutcome outcome = store.inTransaction(tx -> updater.compare(tx, pair.hubId(), pair.otherHubId()));
            ObjectNode node = pairs.addObject();
            node.put("hubId", pair.hubId());
            node.put("otherHubId", pair.otherHubId());
            node.put("score", pair.score());
            node.put("since", pair.since().toString());
            node.put("lifetimeValue", pair.valueA());
            node.put("otherLifetimeValue", pair.valueB());
            node.put("scoreNow", outcome.score());
            node.put("decisionNow", outcome.decision().name());
            evidence(node.putObject("evidence"), node.putArray("guards"), outcome.reasons());
            node.set("customer", json.toTree(one.get()));
            node.set("otherCustomer", json.toTree(other.get()));
        }
        respond(exchange.getMessage(), 200, pairs.toString());
    }

    /** "given:agree" becomes evidence.given = "agree"; "guard:household" a guard. */
    private static void evidence(ObjectNode fields, ArrayNode guards, List<String> reasons) {
        for (String reason : reasons) {
            int colon = reason.indexOf(':');
            String field = colon < 0 ? reason : reason.substring(0, colon);
            String level = colon < 0 ? "" : reason.substring(colon + 1);
            if (field.equals("guard")) {
                guards.add(level);
            } else if (!fields.has(field)) {
                fields.put(field, level);
            } else {
                fields.put(field, fields.get(field).asText() + "," + level);
            }
        }
    }
}
