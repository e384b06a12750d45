"""Tests of Benchmarks/render_tables.py: a small fixture JSON folder -> the expected Markdown.

    python3 -m unittest discover -s Benchmarks/tests
"""
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import render_tables  # noqa: E402


class RenderTablesTests(unittest.TestCase):
    def test_fixture_renders_the_expected_markdown(self):
        got = render_tables.render(os.path.join(HERE, "fixtures"))
        with open(os.path.join(HERE, "expected_test_cpu.md"), encoding="utf-8") as f:
            expected = f.read().rstrip("\n")
        self.assertEqual(got, expected)

    def test_hand_checked_cells(self):
        got = render_tables.render(os.path.join(HERE, "fixtures"))
        # sonnet before haiku (bench order), 0.25 s shown as 250 ms, the ratio with its interval.
        self.assertLess(got.index("`sonnet`"), got.index("`haiku`"))
        self.assertIn("| 250 ms (200–300) | 2.50 s (2.00–3.00) | **10.00×** [9.00, 11.00] | 5 | 2.0 → 2.2 |", got)
        # HAiKU's turn_vs_original repeats turn: one row only.
        self.assertEqual(got.count("turn time vs original"), 1)
        self.assertIn("40.0% of the single-core 256-bit FMA peak 100 GFLOP/s", got)
        # A bench's noise warnings become notes under its table.
        self.assertIn("- `haiku` warning: ours turn_seconds: quartiles 0.0035–0.0045 s are 25% of the median apart", got)
        self.assertNotIn("`sonnet` warning", got)

    def test_section_between_markers_is_replaced_and_the_rest_kept(self):
        text = f"intro\n{render_tables.BEGIN}\nold table\n{render_tables.END}\noutro\n"
        new = render_tables.replace_section(text, "NEW")
        self.assertEqual(new, f"intro\n{render_tables.BEGIN}\nNEW\n{render_tables.END}\noutro\n")
        with self.assertRaises(ValueError):
            render_tables.replace_section("no markers here", "NEW")

    def test_main_rewrites_a_readme(self):
        with tempfile.TemporaryDirectory() as d:
            readme = os.path.join(d, "README.md")
            with open(readme, "w", encoding="utf-8") as f:
                f.write(f"# x\n{render_tables.BEGIN}\n{render_tables.END}\n")
            self.assertEqual(render_tables.main(["--results", os.path.join(HERE, "fixtures"), "--readme", readme]), 0)
            with open(readme, encoding="utf-8") as f:
                self.assertIn("**Test CPU**", f.read())


if __name__ == "__main__":
    unittest.main()
