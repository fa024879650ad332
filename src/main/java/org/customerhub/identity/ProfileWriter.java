package org.customerhub.identity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import org.customerhub.canonical.Affiliation;
import org.customerhub.canonical.Interaction;
import org.customerhub.canonical.InteractionLine;
import org.customerhub.canonical.Party;
import org.customerhub.canonical.PersonName;
import org.customerhub.canonical.PostalAddress;
import org.customerhub.store.AttributeCodec;
import org.customerhub.store.StoreRows.InteractionRow;
import org.customerhub.store.StoreRows.Provenance;
import org.customerhub.store.StoreRows.StatedValue;
import org.customerhub.store.StoreTransaction;

/**
 * Writes what a channel stated about a customer once identity resolution has said which customer it is: every value
 * with its provenance (the store keeps them all; survivorship picks the current one), the interactions with their
 * margins, and the affiliations an account snapshot ends. Each value is compared by a key folded as identity folds
 * it, so the same phone or address typed differently is one value.
 */
final class ProfileWriter {
    static final String AFFILIATION = "affiliation";

    private final EvidenceNormalizer normalizer;
    private final AttributeCodec codec;
    private final ChannelTime time;

    ProfileWriter(EvidenceNormalizer normalizer, AttributeCodec codec, ChannelTime time) {
        this.normalizer = normalizer;
        this.codec = codec;
        this.time = time;
    }

    /** The party's values, stated together with the same provenance, through the tracker of the message's changes. */
    void state(ChangeTracker changes, String hubId, Party party, Provenance provenance) {
        List<StatedValue> values = new ArrayList<>();
        if (party.getName() != null) {
            PersonName name = party.getName();
            values.add(new StatedValue("name", "", nameKey(name), codec.toJson(name)));
        }
        for (String email : party.getEmail()) {
            values.add(new StatedValue("email", "", normalizer.emailKey(email), codec.toJson(email.trim())));
        }
        for (String phone : party.getPhone()) {
            String key = normalizer.phone10(phone).orElse(normalizer.foldName(phone));
            values.add(new StatedValue("phone", "", key, codec.toJson(phone.trim())));
        }
        for (PostalAddress address : party.getAddress()) {
            String key = normalizer.addressKey(StoreCandidates.addressEvidence(address))
                    .map(k -> k.houseNumber() + "|" + k.street() + "|" + k.unit() + "|" + k.postcode())
                    .orElse(normalizer.foldName(address.getLine1() + " " + address.getPostalCode()));
            values.add(new StatedValue("address", address.getUse(), key, codec.toJson(address)));
        }
        if (party.getConsent() != null) {
            String key = "email=" + party.getConsent().isEmail() + ";sms=" + party.getConsent().isSms();
            values.add(new StatedValue("consent", "", key, codec.toJson(party.getConsent())));
        }
        party.getPreference().forEach(preference ->
                values.add(new StatedValue("preference", preference.getKey(), preference.getValue(), codec.toJson(preference))));
        party.getAffiliation().forEach(affiliation -> values.add(new StatedValue(AFFILIATION, affiliation.getOrganisationId(),
                affiliation.getRole() + ";active=" + affiliation.isActive(), codec.toJson(affiliation))));
        changes.state(hubId, values, provenance);
    }

    /**
     * Adds one interaction of the customer (none for an anonymous one): its margin is the merchandise less the cost
     * where the channel gave no margin; a restated one (with a status) replaces the first. True when it changed the
     * history.
     */
    boolean addInteraction(StoreTransaction tx, String hubId, String channel, Interaction interaction, String messageId) {
        boolean incident = !interaction.getIncident().isEmpty() || "SUPPORT_CASE".equals(interaction.getType().value());
        BigDecimal margin = interaction.getMargin();
        if (margin == null && interaction.getAmount() != null && interaction.getCost() != null) {
            margin = merchandise(interaction).subtract(interaction.getCost());
        }
        String reference = interaction.getReference() != null ? interaction.getReference() : interaction.getId();
        InteractionRow row = new InteractionRow(hubId, channel, interaction.getType().value(), interaction.getId(), reference,
                time.of(interaction.getAt()), interaction.getAmount(), interaction.getCurrency(), interaction.getCost(),
                margin, incident, codec.toXml(interaction), messageId);
        boolean restated = interaction.getStatus() != null;
        return tx.addInteraction(row) || restated && tx.replaceInteraction(row);
    }

    /**
     * A full account snapshot ends the affiliation of every earlier contact it no longer lists (those not in listed);
     * changes hears of each customer before its value changes.
     */
    void endAffiliations(StoreTransaction tx, String organisationId, Collection<String> listed, ChangeTracker changes,
                         Provenance provenance) {
        endAffiliations(tx, organisationId, listed, changes, provenance, hubId -> true);
    }

    /** The same, for the customers within only (the parts of a split, replaying an old snapshot). */
    void endAffiliations(StoreTransaction tx, String organisationId, Collection<String> listed, ChangeTracker changes,
                         Provenance provenance, Predicate<String> within) {
        List<String> ending = tx.holdersOf(AFFILIATION, organisationId).stream()
                .filter(hubId -> !listed.contains(hubId) && within.test(hubId)).toList();
        tx.lock(LockKeys.customers(ending));
        for (String hubId : ending) {
            changes.touching(hubId);
            Affiliation ended = new Affiliation();
            ended.setOrganisationId(organisationId);
            ended.setActive(false);
            changes.state(hubId, List.of(new StatedValue(AFFILIATION, organisationId, "ended;active=false", codec.toJson(ended))),
                    new Provenance(provenance.channel(), provenance.messageId(), provenance.effectiveAt(), null));
        }
    }

    /** Revenue of the lines, without tax and shipping; the total where there are no priced lines. */
    private static BigDecimal merchandise(Interaction interaction) {
        BigDecimal sum = BigDecimal.ZERO;
        boolean priced = false;
        for (InteractionLine line : interaction.getLine()) {
            if (line.getUnitPrice() != null) {
                sum = sum.add(line.getUnitPrice().multiply(BigDecimal.valueOf(line.getQuantity())));
                priced = true;
            }
        }
        return priced ? sum : interaction.getAmount();
    }

    private String nameKey(PersonName name) {
        return normalizer.foldName(name.getGiven()) + "|" + normalizer.foldName(name.getMiddle()) + "|"
                + normalizer.foldName(name.getFamily());
    }
}
