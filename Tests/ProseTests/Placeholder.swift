// Tests for `Prose` arrive with its issue.
