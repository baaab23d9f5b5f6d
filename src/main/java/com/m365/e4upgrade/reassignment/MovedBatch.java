package com.m365.e4upgrade.reassignment;

import java.util.List;

import com.m365.e4upgrade.licensing.MoveOutcome;

/** A write batch the gateway applied, with each user's outcome. */
public record MovedBatch(BatchToMove planned, List<MoveOutcome> outcomes) {
}
