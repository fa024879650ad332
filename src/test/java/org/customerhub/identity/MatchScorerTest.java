package org.customerhub.identity;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customerhub.identity.MatchDecision.MATCH;
import static org.customerhub.identity.MatchDecision.NO_MATCH;
import static org.customerhub.identity.MatchDecision.POSSIBLE;
import static org.customerhub.identity.PersonBuilder.nameless;
import static org.customerhub.identity.PersonBuilder.person;

class MatchScorerTest {

    private final EvidenceNormalizer normalizer = ShippedConfig.normalizer();
    private final MatchScorer scorer = new MatchScorer(ShippedConfig.settings(), normalizer);

    private MatchOutcome score(PersonBuilder incoming, PersonBuilder candidate) {
        MatchOutcome outcome = scorer.score(incoming.build(), candidate.build());
        MatchOutcome reversed = scorer.score(candidate.build(), incoming.build());
        assertThat(reversed.decision()).as("symmetric decision").isEqualTo(outcome.decision());
        assertThat(reversed.score()).as("symmetric score").isEqualTo(outcome.score());
        return outcome;
    }

    @Nested
    class Match {

        @Test
        void sameNameAndPhone() {
            MatchOutcome outcome = score(
                    person("JANE M", "O'NEIL").phone("4135550142"),
                    person("Jane", "O’Neil").phone("+14135550142"));

            assertThat(outcome.decision()).isEqualTo(MATCH);
            assertThat(outcome.reasons()).containsExactly(
                    "given:agree", "family:agree", "phone:agree", "address:missing", "email:missing");
        }

        @Test
        void nicknameSurnameAndPhone() {
            MatchOutcome outcome = score(
                    person("Bob", "Smith").phone("(413) 555-0199"),
                    person("ROBERT", "SMITH").phone("413.555.0199"));

            assertThat(outcome.decision()).isEqualTo(MATCH);
            assertThat(outcome.reasons()).contains("given:agree", "family:agree", "phone:agree");
        }

        @Test
        void sameNameAndAddressSpelledDifferently() {
            MatchOutcome outcome = score(
                    person("JANE", "O'NEIL").address("27 MAPLE ST", "010601234"),
                    person("Jane", "O'Neil").address("27 Maple Street", "01060"));

            assertThat(outcome.decision()).isEqualTo(MATCH);
            assertThat(outcome.reasons()).contains("address:agree");
        }

        @Test
        void differentUnitInTheSameBuildingStillAgrees() {
            MatchOutcome outcome = score(
                    person("Harold", "Kimura").address("1180 SHELBURNE RD", "STE 4", "05403"),
                    person("Harold", "Kimura").address("1180 Shelburne Road", "Suite 210", "05403"));

            assertThat(outcome.decision()).isEqualTo(MATCH);
            assertThat(outcome.reasons()).contains("address:agree");
        }

        @Test
        void surnameTypoWithPhone() {
            MatchOutcome outcome = score(
                    person("Priya", "Raman").phone("607-555-0181"),
                    person("PRIYA", "RMAAN").phone("6075550181"));

            assertThat(outcome.decision()).isEqualTo(MATCH);
            assertThat(outcome.reasons()).contains("given:agree", "family:typo", "phone:agree");
        }

        @Test
        void surnameTypoWithAddress() {
            MatchOutcome outcome = score(
                    person("Jane", "O'Neil").address("27 Maple St", "01060"),
                    person("Jane", "Onell").address("27 MAPLE STREET", "01060"));

            assertThat(outcome.decision()).isEqualTo(MATCH);
            assertThat(outcome.reasons()).contains("family:typo", "address:agree");
        }

        @Test
        void accentsDroppedOnAReceipt() {
            MatchOutcome outcome = score(
                    person("Rafael", "Núñez").phone("+13125550107"),
                    person("RAFAEL", "Nunez").phone("(312) 555-0107"));

            assertThat(outcome.decision()).isEqualTo(MATCH);
        }

        @Test
        void marriedNameFoundThroughTheCustomersSecondName() {
            PersonBuilder customer = person("Jane", "Whitcomb").alsoNamed("Jane", "O'Neil").phone("4135550142");

            MatchOutcome outcome = score(person("Jane", "O'Neil").phone("413-555-0142"), customer);

            assertThat(outcome.decision()).isEqualTo(MATCH);
            assertThat(outcome.reasons()).contains("given:agree", "family:agree");
        }

        @Test
        void doubleBarrelledSurnameShortened() {
            MatchOutcome outcome = score(
                    person("Zoë", "Brandt-Müller").phone("802-555-0163"),
                    person("Zoe", "Brandt").phone("8025550163"));

            assertThat(outcome.decision()).isEqualTo(MATCH);
            assertThat(outcome.reasons()).contains("family:partial");
        }

        @Test
        void givenNameTypoWithPhoneAndAddress() {
            MatchOutcome outcome = score(
                    person("Priya", "Raman").phone("6075550181").address("18 College Ave", "14850"),
                    person("Pirya", "Raman").phone("6075550181").address("18 College Avenue", "14850"));

            assertThat(outcome.decision()).isEqualTo(MATCH);
            assertThat(outcome.reasons()).contains("given:typo");
        }
    }

    @Nested
    class Possible {

        @Test
        void sameNameWithOnlyAPartlySimilarAddress() {
            MatchOutcome outcome = score(
                    person("Jane", "O'Neil").address("27 Maple St", "01060"),
                    person("Jane", "O'Neil").address("27 Maple Ave", "01060"));

            assertThat(outcome.decision()).isEqualTo(POSSIBLE);
            assertThat(outcome.reasons()).contains("address:partial");
        }

        @Test
        void marriedNameNotYetKnown() {
            MatchOutcome outcome = score(
                    person("Jane", "O'Neil").phone("4135550142").address("27 Maple St", "01060"),
                    person("Jane", "Whitcomb").phone("4135550142").address("27 Maple Street", "01060"));

            assertThat(outcome.decision()).isEqualTo(POSSIBLE);
            assertThat(outcome.reasons()).contains("given:agree", "family:disagree", "phone:agree", "address:agree");
        }

        @Test
        void givenInitialOnlyIsCappedAtPossible() {
            MatchOutcome outcome = score(
                    person("J", "O'Neil").phone("4135550142").address("27 Maple St", "01060"),
                    person("Jane", "O'Neil").phone("4135550142").address("27 Maple St", "01060"));

            assertThat(outcome.score()).isGreaterThanOrEqualTo(MatchSettings.defaults().matchThreshold());
            assertThat(outcome.decision()).isEqualTo(POSSIBLE);
            assertThat(outcome.reasons()).contains("given:initial", "guard:given-unconfirmed");
        }

        @Test
        void missingGivenNameIsCappedAtPossible() {
            MatchOutcome outcome = score(
                    person(null, "O'Neil").phone("4135550142").address("27 Maple St", "01060"),
                    person("Jane", "O'Neil").phone("4135550142").address("27 Maple St", "01060"));

            assertThat(outcome.decision()).isEqualTo(POSSIBLE);
            assertThat(outcome.reasons()).contains("given:missing", "guard:given-unconfirmed");
        }

        @Test
        void givenNameTypoWithPhoneOnly() {
            MatchOutcome outcome = score(
                    person("Priya", "Raman").phone("6075550181"),
                    person("Pirya", "Raman").phone("6075550181"));

            assertThat(outcome.decision()).isEqualTo(POSSIBLE);
        }
    }

    @Nested
    class NoMatch {

        @Test
        void twoJohnSmithsWithNothingElseInCommon() {
            MatchOutcome outcome = score(person("John", "Smith"), person("JOHN", "SMITH"));

            assertThat(outcome.decision()).isEqualTo(NO_MATCH);
            assertThat(outcome.reasons()).contains("given:agree", "family:agree", "guard:name-only");
        }

        @Test
        void twoJohnSmithsWithDifferentPhonesAndAddresses() {
            MatchOutcome outcome = score(
                    person("John", "Smith").phone("4135550100").address("1 Elm St", "01060"),
                    person("John", "Smith").phone("4135550199").address("9 Oak St", "01060"));

            assertThat(outcome.decision()).isEqualTo(NO_MATCH);
            assertThat(outcome.reasons()).contains("phone:disagree", "address:disagree", "guard:name-only");
        }

        @Test
        void householdMemberSharingPhoneAndAddress() {
            MatchOutcome outcome = score(
                    person("Jane", "O'Neil").phone("4135550142").address("27 Maple St", "01060"),
                    person("John", "O'Neil").phone("4135550142").address("27 Maple St", "01060"));

            assertThat(outcome.decision()).isEqualTo(NO_MATCH);
            assertThat(outcome.reasons()).contains("given:disagree", "guard:household");
        }

        @Test
        void siblingsWithNamesOneLetterApartAreAHousehold() {
            MatchOutcome outcome = score(
                    person("Louis", "Martin").phone("4135550142").address("27 Maple St", "01060"),
                    person("Louise", "Martin").phone("4135550142").address("27 Maple St", "01060"));

            assertThat(outcome.decision()).isEqualTo(NO_MATCH);
            assertThat(outcome.reasons()).contains("guard:household");
        }

        @Test
        void householdGuardHoldsWhenAnInitialDiffers() {
            MatchOutcome outcome = score(
                    person("M", "O'Neil").phone("4135550142"),
                    person("Jane", "O'Neil").phone("4135550142"));

            assertThat(outcome.decision()).isEqualTo(NO_MATCH);
            assertThat(outcome.reasons()).contains("guard:household");
        }

        @Test
        void sharedEmailAloneDoesNotDecide() {
            MatchOutcome outcome = score(
                    nameless().email("FAMILY@EXAMPLE.COM"),
                    person("Jane", "O'Neil").email("family@example.com"));

            assertThat(outcome.decision()).isEqualTo(NO_MATCH);
            assertThat(outcome.reasons()).contains("email:agree");
        }

        @Test
        void sharedEmailDoesNotOverrideTheHouseholdGuard() {
            MatchOutcome outcome = score(
                    person("John", "O'Neil").email("oneils@example.com").phone("4135550142"),
                    person("Jane", "O'Neil").email("ONEILS@example.com").phone("4135550142"));

            assertThat(outcome.decision()).isEqualTo(NO_MATCH);
            assertThat(outcome.reasons()).contains("guard:household");
        }

        @Test
        void differentSurnameWithPhoneOnly() {
            MatchOutcome outcome = score(
                    person("Jane", "O'Neil").phone("4135550142"),
                    person("Jane", "Whitcomb").phone("4135550142"));

            assertThat(outcome.decision()).isEqualTo(NO_MATCH);
        }
    }

    @Test
    void sharedEmailAddsWeight() {
        PersonBuilder withoutEmail = person("Jane", "O'Neil").address("27 Maple St", "01060");

        double base = score(person("Jane", "O'Neil").address("27 Maple Street", "01060"), withoutEmail).score();
        double withEmail = score(
                person("Jane", "O'Neil").address("27 Maple Street", "01060").email("jane@example.com"),
                person("Jane", "O'Neil").address("27 Maple St", "01060").email(" JANE@example.com ")).score();

        assertThat(withEmail - base).isEqualTo(MatchSettings.defaults().emailAgree());
    }

    @Test
    void differentEmailsWeighNothing() {
        MatchOutcome outcome = score(
                person("Jane", "O'Neil").phone("4135550142").email("jane@example.com"),
                person("Jane", "O'Neil").phone("4135550142").email("j.oneil@work.example"));

        MatchOutcome withoutEmail = score(
                person("Jane", "O'Neil").phone("4135550142"),
                person("Jane", "O'Neil").phone("4135550142"));

        assertThat(outcome.score()).isEqualTo(withoutEmail.score());
        assertThat(outcome.reasons()).contains("email:disagree");
    }

    @Test
    void missingValuesWeighNothing() {
        MatchOutcome phoneOnOneSide = score(
                person("Jane", "O'Neil").address("27 Maple St", "01060").phone("4135550142"),
                person("Jane", "O'Neil").address("27 Maple St", "01060"));
        MatchOutcome phoneOnNeither = score(
                person("Jane", "O'Neil").address("27 Maple St", "01060"),
                person("Jane", "O'Neil").address("27 Maple St", "01060"));

        assertThat(phoneOnOneSide.score()).isEqualTo(phoneOnNeither.score());
        assertThat(phoneOnOneSide.reasons()).contains("phone:missing");
    }

    @Test
    void unparseableValuesCountAsMissing() {
        MatchOutcome outcome = score(
                person("Jane", "O'Neil").phone("n/a").address("PO Box 9", "01060").phone("4135550142"),
                person("Jane", "O'Neil").phone("4135550142").address("27 Maple St", "01060"));

        assertThat(outcome.reasons()).contains("phone:agree", "address:missing");
    }

    @Test
    void scoreIsTheSumOfTheFieldWeights() {
        MatchSettings d = MatchSettings.defaults();

        MatchOutcome outcome = score(
                person("Jane", "O'Neil").phone("4135550142").address("27 Maple St", "01060"),
                person("Jane", "Whitcomb").phone("4135550142").address("27 Maple St", "01060"));

        assertThat(outcome.score()).isEqualTo(d.givenAgree() + d.familyDisagree() + d.phoneAgree() + d.addressAgree());
    }

    @Test
    void configuredWeightsAndThresholdsAreUsed() {
        Properties strict = new Properties();
        strict.setProperty("identity.threshold.match", "11");
        MatchScorer strictScorer = new MatchScorer(MatchSettings.from(strict), normalizer);

        MatchOutcome outcome = strictScorer.score(
                person("Jane", "O'Neil").phone("4135550142").build(),
                person("Jane", "O'Neil").phone("4135550142").build());

        assertThat(outcome.decision()).isEqualTo(POSSIBLE);
    }

    @Test
    void concurrentScoringGivesTheSameOutcome() {
        PersonEvidence incoming = person("Bob", "Rmaan").phone("6075550181").address("18 College Ave", "Apt 2", "14850").build();
        PersonEvidence candidate = person("Robert", "Raman").phone("+1 607 555 0181").address("18 College Avenue", "148501122").build();
        MatchOutcome expected = scorer.score(incoming, candidate);

        List<MatchOutcome> outcomes = IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> scorer.score(incoming, candidate))
                .toList();

        assertThat(outcomes).containsOnly(expected);
        assertThat(expected.decision()).isEqualTo(MATCH);
    }
}
