"""After the decision: the scenario applied from a year, and that year followed against its plan."""
