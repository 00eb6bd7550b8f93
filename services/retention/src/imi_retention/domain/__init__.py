"""Pure rules of the retention service (no I/O): the schedule of §8.1 and the lock."""
