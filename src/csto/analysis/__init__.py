"""Analysis over the record and the models: the seeds' figures recomputed, coder agreement, leave-one-out
rows, and the charts."""
