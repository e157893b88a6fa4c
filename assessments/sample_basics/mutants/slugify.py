import re


def slugify(title):
    # Plausible mistake: forgets to trim dashes at the ends.
    return re.sub(r"[^a-z0-9]+", "-", title.lower())
