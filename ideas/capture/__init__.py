"""Feedback captured on a customer's behalf: support, sales and success staff (and their
tools, with an integration key) record the idea, vote or comment a customer gave them."""
