// Tests for `Cascade` arrive with its issue.
