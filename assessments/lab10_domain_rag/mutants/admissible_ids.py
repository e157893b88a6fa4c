def admissible_ids(domain, filters):
    # Plausible mistake: a jurisdiction filter written as an exact match, which drops the federal law and the
    # circuit rulings that bind in a state.
    options = dict(filters)
    place = options.pop("jurisdiction", None)
    where = get_profile(domain).filter_for(**options)
    return sorted(d.id for d in CORPORA[domain].documents
                  if (where is None or where(d.metadata)) and (place is None or d.metadata.get("jurisdiction") == place))
