"""One refusal type: whatever otmodel refuses, it says why in French and how to fix it.

Every "refused" error derives from `Refused`. The command line turns it into a message on stderr and
exit status 2 (otmodel.cli.commands); the pages show it with st.error (otmodel.ui.feedback). Anything else
that escapes is a bug, not a refusal.
"""


class Refused(Exception):
    """A refusal explained to the user in French: what is wrong and how to fix it."""


class Conflict(Refused):
    """A write refused because someone else changed the same data meanwhile: nothing was written, and the user
    chooses what to do next (the pages show it as a warning, not as an error of theirs)."""
