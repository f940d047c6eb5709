"""The community's own look: its primary colour, checked for contrast when an editor
saves it (colours.py), and served as a small stylesheet over the design tokens
(views.py), so pages need no inline styles (the CSP allows none)."""
