package io.eldercare.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/** What a database's refusal leaves in the log (review N-L8): the constraint's name, never the failing row. */
class ProblemDetailsAdviceTest {

    @Test
    void aConstraintViolationIsLoggedByTheConstraintsNameNotTheFailingRow() {
        SQLException postgres = new SQLException("ERROR: new row for relation \"elder_file\" violates check constraint"
                + " \"elder_file_phone_check\"\n  Detail: Failing row contains (王秀英, 13912345678).", "23514");
        DataIntegrityViolationException refused = new DataIntegrityViolationException("could not execute", postgres);

        assertThat(ProblemDetailsAdvice.constraintOf(refused)).isEqualTo("elder_file_phone_check");
    }

    @Test
    void aRefusalThatNamesNoConstraintIsLoggedAsUnnamed() {
        DataIntegrityViolationException refused = new DataIntegrityViolationException("value too long",
                new SQLException("ERROR: value too long for type character varying(20)", "22001"));

        assertThat(ProblemDetailsAdvice.constraintOf(refused)).isEqualTo("unnamed");
    }
}
