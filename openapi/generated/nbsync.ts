// Generated from openapi/nbsync.yaml by `npm run gen:api`. Do not edit.

export interface paths {
    "/webhooks/netbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * NetBox event rule target; stores the event and answers 202
         * @description Verifies `X-Hook-Signature` (lower-case hex HMAC-SHA512 of the raw body, keyed with
         *     `netbox.webhookSecret`) unless `server.webhookSignatures: disabled`. The event is stored
         *     durably before the answer; processing (debounced, coalesced) happens later. A per-address
         *     token bucket limits the rate.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "X-Hook-Signature"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["WebhookBody"];
                };
            };
            responses: {
                /** @description Stored (or a redelivery of a stored payload) */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Accepted"];
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                413: components["responses"]["Error"];
                429: components["responses"]["Error"];
                503: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The dry-run diff, computed now */
        get: {
            parameters: {
                query?: {
                    /** @description Sink names (repeat for several); all sinks when absent */
                    sink?: string[];
                    format?: "json" | "markdown" | "text";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The plan */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Plan"];
                        "text/markdown": string;
                        "text/plain": string;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply if the fresh plan has this checksum (approval) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ApplyRequest"];
                };
            };
            responses: {
                /** @description Applied (see `ok` and each sink's status) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApplyResult"];
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                /** @description The plan changed since it was reviewed; the fresh plan is included */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StaleError"];
                    };
                };
                503: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per sink mode, last run, last success, owned objects, pending changes, errors */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Status"];
                    };
                };
                401: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** History of runs, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description A run id; lists older runs */
                    before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Runs */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            runs: components["schemas"]["Run"][];
                        };
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One run and the changes it applied */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The run */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            run: components["schemas"]["Run"];
                            changes: components["schemas"]["AppliedChange"][];
                        };
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                404: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: components["responses"]["Ok"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness (config loaded, store open); 503 while draining */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: components["responses"]["Ok"];
                503: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text format) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Metrics */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Web page — status, pending plan, diff, approve (asks for an API token in the browser) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTML */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The web page's script (served separately so the page's CSP can forbid inline scripts) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description JavaScript */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/javascript": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This description, as a small HTML page */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTML */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This description as JSON */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OpenAPI document */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": Record<string, never>;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This description as YAML */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OpenAPI document */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/yaml": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                /** @enum {string} */
                code: "BAD_REQUEST" | "WEBHOOK_MALFORMED" | "UNAUTHORIZED" | "WEBHOOK_SIGNATURE" | "NOT_FOUND" | "PLAN_STALE" | "WEBHOOK_TOO_LARGE" | "RATE_LIMITED" | "INTERNAL" | "NETBOX_UNREACHABLE" | "SHUTTING_DOWN" | "STORE_UNAVAILABLE";
                message: string;
            };
        };
        StaleError: components["schemas"]["Error"] & {
            plan: components["schemas"]["Plan"];
        };
        /** @description NetBox's default webhook body (4.6; older `model`, `username`, `request_id` accepted) */
        WebhookBody: {
            /** @enum {string} */
            event: "created" | "updated" | "deleted" | "job_started" | "job_ended";
            timestamp?: string;
            /** @example ipam.ipaddress */
            object_type?: string;
            /** @description Bare model name (NetBox < 4.5) */
            model?: string;
            username?: string | null;
            request_id?: string | null;
            request?: {
                id?: string | null;
                user?: string | null;
            } | null;
            data: {
                id: number;
            };
            snapshots?: Record<string, never>;
        };
        Accepted: {
            /** @enum {string} */
            status: "accepted";
            /** @description Stored event id */
            event: number;
            /** @description The same payload was stored before */
            duplicate: boolean;
        };
        Change: {
            /** @enum {string} */
            op: "create" | "update" | "delete";
            kind: string;
            key: string;
            before: Record<string, never> | null;
            after: Record<string, never> | null;
            diff: {
                field: string;
                from?: unknown;
                to?: unknown;
            }[];
            /** @example ipam.ipaddress/42 */
            source: string | null;
            forced: boolean;
        };
        SinkPlan: {
            sink: string;
            type: string;
            /** @enum {string} */
            mode: "observe" | "propose" | "apply";
            /** @enum {string} */
            status: "ok" | "refused" | "error";
            reason: string;
            errorCode?: string;
            counts: {
                create?: number;
                update?: number;
                delete?: number;
                conflict?: number;
            };
            changes: components["schemas"]["Change"][];
            conflicts: {
                kind?: string;
                key?: string;
                reason?: string;
                source?: string;
            }[];
            skipped?: Record<string, never>[];
            unmanaged?: Record<string, never>[];
            owned?: number;
        };
        Plan: {
            /** @example pln_01JD0000000000000000000000 */
            id: string;
            checksum: string;
            /** Format: date-time */
            createdAt: string;
            sinks: components["schemas"]["SinkPlan"][];
        };
        ApplyRequest: {
            checksum: string;
            sinks?: string[];
            /** @default false */
            force: boolean;
        };
        ApplyResult: {
            run: {
                id?: string;
                status?: string;
            };
            ok: boolean;
            plan: components["schemas"]["Plan"];
            sinks: {
                sink?: string;
                /** @enum {string} */
                status?: "applied" | "nothing-to-do" | "skipped" | "refused" | "error" | "partial";
                reason?: string;
                outcomes?: {
                    sink?: string;
                    op?: string;
                    kind?: string;
                    key?: string;
                    source?: string | null;
                    /** @enum {string} */
                    outcome?: "applied" | "noop" | "failed" | "skipped";
                    reason?: string;
                    errorCode?: string;
                    note?: string;
                }[];
            }[];
        };
        Status: {
            instance?: string;
            ready?: boolean;
            draining?: boolean;
            pendingEvents?: number;
            lastPlan?: {
                id?: string;
                checksum?: string;
                createdAt?: string;
            } | null;
            sinks?: {
                name?: string;
                type?: string;
                mode?: string;
                lastRun?: {
                    id?: string;
                    at?: string;
                    status?: string;
                } | null;
                lastSuccessAt?: string | null;
                owned?: number | null;
                pendingChanges?: number | null;
                consecutiveErrors?: number;
                lastError?: string | null;
                /** @description Certificate sinks (step-ca, acme) only, else null (also before the first read of the store, which happens after every run): how many certificates the store holds, and those whose notAfter is less than 7 days away (a fixed window, not the sink's renewBefore; expired ones included), soonest first. The same expiries are the gauge nbsync_certificate_expiry_timestamp_seconds{sink,name} on /metrics. */
                certificates?: {
                    total?: number;
                    readAt?: string;
                    expiringWithinDays?: number;
                    expiring?: {
                        name?: string;
                        notAfter?: string;
                        expired?: boolean;
                    }[];
                } | null;
            }[];
        };
        Run: {
            id?: string;
            /** @enum {string} */
            trigger?: "full" | "event" | "manual" | "approval";
            startedAt?: string;
            finishedAt?: string | null;
            /** @enum {string} */
            status?: "running" | "ok" | "error" | "refused" | "stale" | "interrupted";
            planId?: string | null;
            checksum?: string | null;
            summary?: Record<string, never>;
        };
        AppliedChange: {
            at?: string;
            sink?: string;
            op?: string;
            kind?: string;
            key?: string;
            source?: string | null;
            outcome?: string;
            errorCode?: string | null;
            error?: string | null;
            note?: string | null;
        };
    };
    responses: {
        /** @description OK */
        Ok: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    status: string;
                    checks?: {
                        [key: string]: boolean;
                    };
                };
            };
        };
        /** @description An error with a stable code */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
