package com.m365.e4upgrade.reassignment;

import java.util.List;

import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.WriteBatch;

/** A write batch the gateway applied, with each user's outcome, in the batch's order. */
public record MovedBatch(WriteBatch batch, List<MoveOutcome> outcomes) {
}
