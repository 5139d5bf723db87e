package dev.latchkey.core.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each case of a sealed outcome has its own kind, and each kind its case, so adapters can switch on it. */
class OutcomeKindsTest {

    @Test
    void everyCaseHasItsOwnKind() {
        assertThat(RedemptionOutcome.class.getPermittedSubclasses()).hasSameSizeAs(RedemptionOutcome.Kind.values());
        assertThat(RequestOutcome.class.getPermittedSubclasses()).hasSameSizeAs(RequestOutcome.Kind.values());
        assertThat(EmailChangeOutcome.class.getPermittedSubclasses()).hasSameSizeAs(EmailChangeOutcome.Kind.values());
    }

    @Test
    void eachCaseAnswersItsKind() {
        assertThat(new RedemptionOutcome.Expired().kind()).isEqualTo(RedemptionOutcome.Kind.EXPIRED);
        assertThat(new RedemptionOutcome.WrongCode(2).kind()).isEqualTo(RedemptionOutcome.Kind.WRONG_CODE);
        assertThat(new RequestOutcome.IdentifierTaken().kind()).isEqualTo(RequestOutcome.Kind.IDENTIFIER_TAKEN);
        assertThat(new EmailChangeOutcome.Taken().kind()).isEqualTo(EmailChangeOutcome.Kind.TAKEN);
    }
}
