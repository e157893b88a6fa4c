from labkit.tools.mcp import MCPClient, MCPServer, labkit_server


def mcp_fallback(requests, down, primary_missing):
    # Plausible mistake: one client for the primary only -- a failing tool or a missing server is the end of it.
    primary = (MCPServer("primary", "labkit-server-not-installed") if primary_missing
               else labkit_server("primary", down=down))
    try:
        client = MCPClient(primary, timeout=8).start()
    except Exception:
        return {"unavailable": ["primary"], "answers": [["ERROR", ""] for _ in requests]}
    with client:
        answers = []
        for tool, args in requests:
            result = client.call_tool(tool, args)
            answers.append([result.output, "primary"] if result.ok else ["ERROR", ""])
    return {"unavailable": [], "answers": answers}
