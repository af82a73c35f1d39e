"""After the decision: the scenario applied from a year, that year followed against its plan, and the partners'
guide's own texts."""
