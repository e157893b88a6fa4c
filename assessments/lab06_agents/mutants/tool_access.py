def tool_access(requests, approved):
    declare_access(Risk.READ_ONLY, scopes={"orders:read"})(lookup_order)
    declare_access(Risk.SIDE_EFFECTING, scopes={"orders:write"})(refund_order)
    declare_access(Risk.DESTRUCTIVE, scopes={"customers:admin"})(delete_customer)
    trail = AuditTrail()
    # Plausible mistake: only destructive calls go to a person; refunds run on the role alone.
    policy = AccessPolicy(ROLES, approval_above=Risk.SIDE_EFFECTING, approve=lambda request: request.tool in approved,
                          audit=trail)
    tools = ToolRegistry([lookup_order, refund_order, delete_customer])
    results = []
    for caller_id, role, name, args in requests:
        guarded = policy.guard(tools, Caller(caller_id, role)).get(name)
        try:
            guarded.run(args)
        except ToolAccessDeniedError:
            results.append([name, "denied"])
        except ToolArgumentError:
            results.append([name, "invalid"])
        else:
            results.append([name, "ok"])
    return {"results": results, "audit": [[e.actor, e.action, e.resource] for e in trail.entries]}
