def stage_inputs(requests, max_bytes, max_total):
    root = make_workspace(tempfile.mkdtemp())
    accepted, refused, total = {}, [], 0
    for request in requests:
        # Plausible mistake: resolve the path and check that it stays inside the workspace. resolve() follows
        # every link (a link that stays inside is copied) and swallows '..' that comes back in.
        path = (root / request).resolve()
        if not request or not path.is_relative_to(root.resolve()):
            refused.append([request, "outside"])
        elif any(part.startswith(".") for part in PurePosixPath(request).parts):
            refused.append([request, "hidden"])
        elif not path.exists():
            refused.append([request, "missing"])
        elif not path.is_file():
            refused.append([request, "not a file"])
        elif path.stat().st_size > max_bytes:
            refused.append([request, "too large"])
        elif path.name in accepted:
            refused.append([request, "duplicate"])
        elif total + path.stat().st_size > max_total:
            refused.append([request, "over budget"])
        else:
            accepted[path.name] = path
            total += path.stat().st_size
    return {"files": {name: path.stat().st_size for name, path in accepted.items()}, "refused": refused}
