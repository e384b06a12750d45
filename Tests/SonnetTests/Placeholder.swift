// Tests for `Sonnet` arrive with its issue.
