// Generated from openapi/technitium.yaml by `npm run gen:api`. Do not edit.

export interface paths {
    "/api/user/session/get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Details of the session or API token presented (a token check) */
        post: operations["getSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/zones/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List the zones the user may view (all of them unless `pageNumber` is given) */
        post: operations["listZones"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/zones/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a zone; an IP or CIDR as `zone` creates the matching reverse zone */
        post: operations["createZone"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/zones/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delete a zone and all its records */
        post: operations["deleteZone"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/zones/records/get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Records at `domain`, or of the whole zone with `listZone=true`
         * @description There is no server-side filter by type; callers filter.
         */
        post: operations["getRecords"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/zones/records/add": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add one record (append to the RRset unless `overwrite=true`)
         * @description Adding a record identical to an existing one fails with "Cannot add record: record already
         *     exists.". A CNAME cannot coexist with other types at a name, and a second CNAME fails with
         *     "Record already exists. Use overwrite option…". `ptr=true` on A/AAAA also writes the PTR in
         *     the local reverse zone (same TTL and expiryTtl, no comments).
         */
        post: operations["addRecord"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/zones/records/update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace one record, found by name, type and its current rdata
         * @description Not a patch: `ttl` (default: server default TTL), `disable` (default false), `comments`
         *     (default empty) and `expiryTtl` (default 0) overwrite the stored values. Send all four.
         */
        post: operations["updateRecord"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/zones/records/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete one record, found by name, type and rdata
         * @description Deleting an A/AAAA also deletes the PTR pointing at `domain` in the local reverse zone.
         *     A missing record fails with "Cannot delete record: no such record exists.".
         */
        post: operations["deleteRecord"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dhcp/scopes/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List DHCP scopes, sorted by name */
        post: operations["listDhcpScopes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dhcp/scopes/get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** One DHCP scope with its options and reserved leases */
        post: operations["getDhcpScope"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dhcp/scopes/addReservedLease": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a reservation; fails when one with the same MAC exists in the scope */
        post: operations["addReservedLease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dhcp/scopes/removeReservedLease": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Remove the reservation of a MAC; fails when there is none */
        post: operations["removeReservedLease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dhcp/leases/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Every allocated lease (dynamic and reserved) of every scope */
        post: operations["listDhcpLeases"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dhcp/leases/remove": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Free a lease by MAC or client identifier (a reserved-type lease also drops its reservation) */
        post: operations["removeDhcpLease"];
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
        /** @enum {string} */
        EnvelopeStatus: "ok" | "error" | "invalid-token" | "2fa-required";
        Envelope: {
            status: components["schemas"]["EnvelopeStatus"];
            /** @description Present when status is not ok */
            errorMessage?: string;
            innerErrorMessage?: string;
            /** @description The DNS server's domain */
            server?: string;
        };
        EmptyResult: components["schemas"]["Envelope"] & {
            response?: Record<string, never>;
        };
        /**
         * @description Known values; newer servers may add more
         * @example Primary
         */
        ZoneType: string;
        Zone: {
            name: string;
            nameIdn?: string;
            type: components["schemas"]["ZoneType"];
            internal?: boolean;
            dnssecStatus?: string;
            soaSerial?: number;
            lastModified?: string;
            disabled?: boolean;
            catalog?: string;
            expiry?: string;
            isExpired?: boolean;
            syncFailed?: boolean;
            notifyFailed?: boolean;
        };
        /** @description Type-dependent; A/AAAA `ipAddress`, CNAME `cname`, PTR `ptrName`, TXT `text` */
        RecordData: {
            ipAddress?: string;
            cname?: string;
            ptrName?: string;
            text?: string;
            splitText?: boolean;
            characterStrings?: string[];
            nameServer?: string;
            primaryNameServer?: string;
            responsiblePerson?: string;
            serial?: number;
        } & {
            [key: string]: unknown;
        };
        DnsRecord: {
            name: string;
            type: string;
            ttl: number;
            ttlString?: string;
            disabled?: boolean;
            /** @description Only present when not empty */
            comments?: string;
            rData: components["schemas"]["RecordData"];
            dnssecStatus?: string;
            lastUsedOn?: string;
            lastModified?: string;
            expiryTtl?: number;
            expiryTtlString?: string;
        };
        ZonesListForm: {
            pageNumber?: number;
            zonesPerPage?: number;
        };
        ZonesListResult: components["schemas"]["Envelope"] & {
            response?: {
                zones: components["schemas"]["Zone"][];
                pageNumber?: number;
                totalPages?: number;
                totalZones?: number;
            };
        };
        ZonesCreateForm: {
            /** @description A domain, or an IP / CIDR for a reverse zone */
            zone: string;
            /** @default Primary */
            type: string;
            useSoaSerialDateScheme?: boolean;
            catalog?: string;
        };
        ZonesCreateResult: components["schemas"]["Envelope"] & {
            response?: {
                domain: string;
            };
        };
        ZoneNameForm: {
            zone: string;
        };
        RecordsGetForm: {
            domain: string;
            zone?: string;
            listZone?: boolean;
        };
        RecordsGetResult: components["schemas"]["Envelope"] & {
            response?: {
                zone: components["schemas"]["Zone"];
                records: components["schemas"]["DnsRecord"][];
            };
        };
        /** @description Rdata selectors shared by add, update and delete */
        RecordFields: {
            /** @description A/AAAA */
            ipAddress?: string;
            /** @description CNAME */
            cname?: string;
            /** @description PTR */
            ptrName?: string;
            /** @description TXT */
            text?: string;
            splitText?: boolean;
        };
        RecordsAddForm: components["schemas"]["RecordFields"] & {
            domain: string;
            zone?: string;
            type: string;
            ttl?: number;
            overwrite?: boolean;
            comments?: string;
            expiryTtl?: number;
            ptr?: boolean;
            createPtrZone?: boolean;
        };
        RecordsAddResult: components["schemas"]["Envelope"] & {
            response?: {
                zone: components["schemas"]["Zone"];
                addedRecord: components["schemas"]["DnsRecord"];
            };
        };
        RecordsUpdateForm: components["schemas"]["RecordFields"] & {
            domain: string;
            zone?: string;
            type: string;
            newDomain?: string;
            ttl?: number;
            disable?: boolean;
            comments?: string;
            expiryTtl?: number;
            newIpAddress?: string;
            newPtrName?: string;
            newText?: string;
            ptr?: boolean;
            createPtrZone?: boolean;
        };
        RecordsUpdateResult: components["schemas"]["Envelope"] & {
            response?: {
                zone: components["schemas"]["Zone"];
                updatedRecord: components["schemas"]["DnsRecord"];
            };
        };
        RecordsDeleteForm: components["schemas"]["RecordFields"] & {
            domain: string;
            zone?: string;
            type: string;
        };
        SessionResult: components["schemas"]["Envelope"] & {
            username?: string;
            displayName?: string;
            tokenName?: string;
            token?: string;
            totpEnabled?: boolean;
            isSsoUser?: boolean;
            info?: {
                version?: string;
                dnsServerDomain?: string;
                defaultRecordTtl?: number;
            } & {
                [key: string]: unknown;
            };
        };
        DhcpScopeSummary: {
            name: string;
            enabled?: boolean;
            startingAddress: string;
            endingAddress: string;
            subnetMask: string;
            networkAddress?: string;
            broadcastAddress?: string;
            interfaceAddress?: string;
        };
        DhcpScopesListResult: components["schemas"]["Envelope"] & {
            response?: {
                scopes: components["schemas"]["DhcpScopeSummary"][];
            };
        };
        ScopeNameForm: {
            name: string;
        };
        ReservedLease: {
            hostName?: string | null;
            /** @description Upper-case, hyphen-separated, e.g. BC-24-11-AA-BB-CC */
            hardwareAddress: string;
            address: string;
            comments?: string | null;
        };
        Exclusion: {
            startingAddress?: string;
            endingAddress?: string;
        };
        DhcpScope: {
            name: string;
            startingAddress: string;
            endingAddress: string;
            subnetMask: string;
            leaseTimeDays?: number;
            leaseTimeHours?: number;
            leaseTimeMinutes?: number;
            domainName?: string;
            dnsUpdates?: boolean;
            dnsTtl?: number;
            routerAddress?: string;
            dnsServers?: string[];
            exclusions?: components["schemas"]["Exclusion"][];
            reservedLeases: components["schemas"]["ReservedLease"][];
            allowOnlyReservedLeases?: boolean;
        };
        DhcpScopeGetResult: components["schemas"]["Envelope"] & {
            response?: components["schemas"]["DhcpScope"];
        };
        AddReservedLeaseForm: {
            name: string;
            /** @description `-` or `:` separated */
            hardwareAddress: string;
            ipAddress: string;
            hostName?: string;
            comments?: string;
        };
        RemoveReservedLeaseForm: {
            name: string;
            hardwareAddress: string;
        };
        DhcpLease: {
            scope: string;
            /** @description Dynamic or Reserved */
            type: string;
            hardwareAddress: string;
            clientIdentifier?: string;
            address: string;
            hostName?: string | null;
            leaseObtained?: string;
            leaseExpires?: string;
        };
        DhcpLeasesListResult: components["schemas"]["Envelope"] & {
            response?: {
                leases: components["schemas"]["DhcpLease"][];
            };
        };
        RemoveLeaseForm: {
            name: string;
            hardwareAddress?: string;
            clientIdentifier?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Envelope; the session fields are at the top level, not in `response` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionResult"];
                };
            };
        };
    };
    listZones: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["ZonesListForm"];
            };
        };
        responses: {
            /** @description Envelope with `response.zones` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ZonesListResult"];
                };
            };
        };
    };
    createZone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["ZonesCreateForm"];
            };
        };
        responses: {
            /** @description Envelope with `response.domain`, the name of the zone actually created */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ZonesCreateResult"];
                };
            };
        };
    };
    deleteZone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["ZoneNameForm"];
            };
        };
        responses: {
            /** @description Envelope with an empty `response` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmptyResult"];
                };
            };
        };
    };
    getRecords: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["RecordsGetForm"];
            };
        };
        responses: {
            /** @description Envelope with `response.zone` and `response.records` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordsGetResult"];
                };
            };
        };
    };
    addRecord: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["RecordsAddForm"];
            };
        };
        responses: {
            /** @description Envelope with `response.zone` and `response.addedRecord` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordsAddResult"];
                };
            };
        };
    };
    updateRecord: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["RecordsUpdateForm"];
            };
        };
        responses: {
            /** @description Envelope with `response.zone` and `response.updatedRecord` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordsUpdateResult"];
                };
            };
        };
    };
    deleteRecord: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["RecordsDeleteForm"];
            };
        };
        responses: {
            /** @description Envelope with an empty `response` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmptyResult"];
                };
            };
        };
    };
    listDhcpScopes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Envelope with `response.scopes` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DhcpScopesListResult"];
                };
            };
        };
    };
    getDhcpScope: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["ScopeNameForm"];
            };
        };
        responses: {
            /** @description Envelope with the scope in `response` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DhcpScopeGetResult"];
                };
            };
        };
    };
    addReservedLease: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["AddReservedLeaseForm"];
            };
        };
        responses: {
            /** @description Envelope with an empty `response` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmptyResult"];
                };
            };
        };
    };
    removeReservedLease: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["RemoveReservedLeaseForm"];
            };
        };
        responses: {
            /** @description Envelope with an empty `response` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmptyResult"];
                };
            };
        };
    };
    listDhcpLeases: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Envelope with `response.leases` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DhcpLeasesListResult"];
                };
            };
        };
    };
    removeDhcpLease: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["RemoveLeaseForm"];
            };
        };
        responses: {
            /** @description Envelope with an empty `response` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmptyResult"];
                };
            };
        };
    };
}
