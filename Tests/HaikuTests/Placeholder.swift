// Tests for `Haiku` arrive with its issue.
