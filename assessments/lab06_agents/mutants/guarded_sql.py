def guarded_sql(statements, max_rows):
    path = make_shop(tempfile.mkdtemp())
    db = sqlite3.connect(path)
    results = []
    for sql in statements:
        # Plausible mistake: a keyword check on the text instead of a connection that cannot write.
        if not sql.strip().upper().startswith("SELECT"):
            results.append({"refused": "unsafe"})
            continue
        try:
            rows = db.execute(sql).fetchmany(max_rows + 1)
        except sqlite3.Error:
            results.append({"refused": "error"})
            continue
        results.append({"rows": [list(row) for row in rows[:max_rows]], "truncated": len(rows) > max_rows})
    orders_after = db.execute("SELECT count(*) FROM orders").fetchone()[0]
    db.close()
    return {"results": results, "orders_after": orders_after}
