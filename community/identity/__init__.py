"""Customer single sign-on ("identify"): the company's app signs a short-lived token for
its signed-in customer, Tandem checks it and knows the customer as one member, with what
the company says of them (segment, value, products)."""
