-- wrk: POST /api/nominations with a distinct body each time (nominee and
-- nominator differ per thread and request).  BENCH_CYCLE and
-- BENCH_CATEGORY come from the environment.
local cycle = os.getenv("BENCH_CYCLE")
local category = os.getenv("BENCH_CATEGORY")
local threads = 0

function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end

local n = 0

function request()
	n = n + 1
	local who = string.format("%d-%d", tid, n)
	local body = string.format(
	    '{"cycle_id":%s,"category_id":%s,' ..
	    '"nominee":{"name":"Nominee %s","email":"nominee-%s@example.org",' ..
	    '"affiliation":"Bench University","role":"Student"},' ..
	    '"nominator":{"name":"Nominator %s","email":"nominator-%s@example.org",' ..
	    '"affiliation":"","relationship":"Colleague"},' ..
	    '"statement":"A benchmark statement, long enough to pass the fifty ' ..
	    'character minimum of the form, number %s.",' ..
	    '"consent_contact_nominee":false}',
	    cycle, category, who, who, who, who, who)
	return wrk.format("POST", "/api/nominations",
	    { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
	if status ~= 202 then
		io.stderr:write("unexpected status " .. status .. "\n")
	end
end
