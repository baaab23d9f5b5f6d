package com.m365.e4upgrade.reassignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class BatchNumberingWriterTests {

    private final List<Reassignment> stored = new ArrayList<>();

    @Test
    void aBatchHoldsAtMostTheBatchSizeAndNeverMixesTenants() throws Exception {
        // given
        BatchNumberingWriter writer = new BatchNumberingWriter(chunk -> stored.addAll(chunk.getItems()), 20);
        writer.open(new ExecutionContext());

        // when
        writer.write(new Chunk<>(users("A", 45)));
        writer.write(new Chunk<>(users("B", 3)));

        // then
        assertThat(batchesOf("A")).containsExactly(1, 2, 3);
        assertThat(stored.stream().filter(move -> move.batch() == 3).count()).isEqualTo(5);
        assertThat(batchesOf("B")).containsExactly(4);
    }

    @Test
    void skippedUsersBelongToNoBatch() throws Exception {
        // given
        BatchNumberingWriter writer = new BatchNumberingWriter(chunk -> stored.addAll(chunk.getItems()), 20);
        writer.open(new ExecutionContext());
        Reassignment skipped = new Reassignment("A", "skipped", "s@a.com", "E4", "E5", List.of(),
                Reassignment.Status.SKIPPED, ReassignmentPlanner.GROUP_LICENSE, null);

        // when
        writer.write(new Chunk<>(List.of(skipped)));

        // then
        assertThat(stored).singleElement().extracting(Reassignment::batch).isNull();
    }

    @Test
    void aRestartedPlanContinuesTheNumberingWhereTheLastCommittedChunkLeftIt() throws Exception {
        // given: the first run committed 25 users of A, then died
        ExecutionContext committed = new ExecutionContext();
        BatchNumberingWriter first = new BatchNumberingWriter(chunk -> stored.addAll(chunk.getItems()), 20);
        first.open(committed);
        first.write(new Chunk<>(users("A", 25)));
        first.update(committed);
        first.write(new Chunk<>(users("A", 10).subList(0, 10))); // written, never
                                                                 // committed
        stored.subList(25, stored.size()).clear();

        // when
        BatchNumberingWriter restarted = new BatchNumberingWriter(chunk -> stored.addAll(chunk.getItems()), 20);
        restarted.open(committed);
        restarted.write(new Chunk<>(users("A", 20).subList(5, 20)));
        restarted.write(new Chunk<>(users("B", 1)));

        // then: A's second batch fills up to 20 and B starts a new one
        assertThat(batchesOf("A")).containsExactly(1, 2);
        assertThat(stored.stream().filter(move -> move.batch() == 2).count()).isEqualTo(20);
        assertThat(batchesOf("B")).containsExactly(3);
    }

    private List<Integer> batchesOf(String tenant) {
        return stored.stream()
            .filter(move -> move.tenantId().equals(tenant))
            .map(Reassignment::batch)
            .distinct()
            .toList();
    }

    private static List<Reassignment> users(String tenant, int count) {
        List<Reassignment> moves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            moves.add(new Reassignment(tenant, tenant + i, "u" + i + "@" + tenant, "E4", "E5", List.of(),
                    Reassignment.Status.PLANNED, null, null));
        }
        return moves;
    }

}
