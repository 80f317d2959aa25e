-- wrk script of wrk-compare.sh: every request posts one fixed Twilio form with its precomputed X-Twilio-Signature.
-- WRK_BODY is the form exactly as signed (the signature covers the decoded values, so not a byte may change).
local body = os.getenv("WRK_BODY")
local signature = os.getenv("WRK_SIGNATURE")
assert(body and signature, "WRK_BODY and WRK_SIGNATURE must be set")
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Twilio-Signature"] = signature
