// Generated from openapi/netbox.yaml by `npm run gen:api`. Do not edit.

export interface paths {
    "/api/status/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Server version and worker status; read first to pick version-specific behaviour. */
        get: operations["status_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ipam/prefixes/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ipam_prefixes_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ipam/prefixes/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description Write back custom field values of one prefix (merged by key; other fields untouched). */
        patch: operations["ipam_prefixes_partial_update"];
        trace?: never;
    };
    "/api/ipam/ip-addresses/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ipam_ip_addresses_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ipam/ip-addresses/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description Write back custom field values of one IP address (merged by key; other fields untouched). */
        patch: operations["ipam_ip_addresses_partial_update"];
        trace?: never;
    };
    "/api/ipam/vlans/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ipam_vlans_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ipam/vlan-groups/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ipam_vlan_groups_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dcim/devices/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["dcim_devices_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dcim/devices/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description Write back custom field values of one device (merged by key; other fields untouched). */
        patch: operations["dcim_devices_partial_update"];
        trace?: never;
    };
    "/api/dcim/interfaces/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["dcim_interfaces_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dcim/mac-addresses/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description MAC address objects (4.2+). Older versions keep the MAC on the interface. */
        get: operations["dcim_mac_addresses_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/virtualization/virtual-machines/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["virtualization_virtual_machines_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/virtualization/virtual-machines/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description Write back custom field values of one virtual machine (merged by key; other fields untouched). */
        patch: operations["virtualization_virtual_machines_partial_update"];
        trace?: never;
    };
    "/api/virtualization/interfaces/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["virtualization_interfaces_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/virtualization/virtual-disks/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Virtual disks (4.0+); `size` is in GB before 4.1 and in MB since. */
        get: operations["virtualization_virtual_disks_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/virtualization/clusters/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["virtualization_clusters_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/extras/tags/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["extras_tags_list"];
        put?: never;
        /** @description netbox-setup creates the tags nbsync reads (`tls`) and its owner tag. */
        post: operations["extras_tags_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/extras/tags/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["extras_tags_partial_update"];
        trace?: never;
    };
    "/api/extras/custom-fields/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description netbox-setup looks up the custom fields nbsync reads, by name. */
        get: operations["extras_custom_fields_list"];
        put?: never;
        post: operations["extras_custom_fields_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/extras/custom-fields/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["extras_custom_fields_partial_update"];
        trace?: never;
    };
    "/api/extras/webhooks/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description netbox-setup looks up nbsync's webhook by name, and others sending to the same URL. */
        get: operations["extras_webhooks_list"];
        put?: never;
        post: operations["extras_webhooks_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/extras/webhooks/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["extras_webhooks_partial_update"];
        trace?: never;
    };
    "/api/extras/event-rules/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description netbox-setup looks up nbsync's event rule by name. */
        get: operations["extras_event_rules_list"];
        put?: never;
        /** @description `event_types` since 4.1; before, one boolean per event (`type_create`, `type_update`, `type_delete`), which nbsync sends only to NetBox 4.0. */
        post: operations["extras_event_rules_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/extras/event-rules/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["extras_event_rules_partial_update"];
        trace?: never;
    };
    "/api/core/object-changes/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The change log (moved here from /api/extras/ in 4.1); the only way to see deletions. */
        get: operations["core_object_changes_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/extras/journal-entries/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["extras_journal_entries_list"];
        put?: never;
        /** @description nbsync records what it did to an object (e.g. a Proxmox VMID it allocated). */
        post: operations["extras_journal_entries_create"];
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
        Status: {
            /** @description e.g. 4.2.2 */
            "netbox-version": string;
            "netbox-full-version"?: string;
            "django-version"?: string;
            "python-version"?: string;
            "rq-workers-running"?: number | null;
        };
        IdRef: {
            id: number;
        };
        NamedRef: {
            id: number;
            name: string;
            slug: string;
        };
        TagRef: {
            id: number;
            name: string;
            slug: string;
        };
        DeviceTypeRef: {
            id: number;
            model: string;
            slug: string;
        };
        MACAddressRef: {
            id: number;
            mac_address: string;
        };
        StringChoice: {
            value: string;
            label?: string;
        };
        FamilyChoice: {
            /** @enum {integer} */
            value: 4 | 6;
            label?: string;
        };
        CustomFields: {
            [key: string]: unknown;
        };
        Prefix: {
            id: number;
            prefix: string;
            family: components["schemas"]["FamilyChoice"];
            vrf: components["schemas"]["IdRef"] | null;
            status: components["schemas"]["StringChoice"];
            vlan: components["schemas"]["IdRef"] | null;
            tenant: components["schemas"]["NamedRef"] | null;
            is_pool: boolean;
            tags: components["schemas"]["TagRef"][];
            custom_fields: components["schemas"]["CustomFields"];
        };
        IPAddress: {
            id: number;
            /** @description address with prefix length, e.g. 10.10.20.5/24 */
            address: string;
            family: components["schemas"]["FamilyChoice"];
            vrf: components["schemas"]["IdRef"] | null;
            status: components["schemas"]["StringChoice"];
            role: components["schemas"]["StringChoice"] | null;
            dns_name: string;
            assigned_object_type: string | null;
            assigned_object_id: number | null;
            tenant: components["schemas"]["NamedRef"] | null;
            description: string;
            tags: components["schemas"]["TagRef"][];
            custom_fields: components["schemas"]["CustomFields"];
        };
        VLAN: {
            id: number;
            vid: number;
            name: string;
            group: components["schemas"]["IdRef"] | null;
            site: components["schemas"]["IdRef"] | null;
            status: components["schemas"]["StringChoice"];
        };
        VLANGroup: {
            id: number;
            name: string;
            slug: string;
        };
        Device: {
            id: number;
            name: string | null;
            status: components["schemas"]["StringChoice"];
            site: components["schemas"]["NamedRef"] | null;
            tenant: components["schemas"]["NamedRef"] | null;
            role: components["schemas"]["NamedRef"] | null;
            platform: components["schemas"]["NamedRef"] | null;
            device_type: components["schemas"]["DeviceTypeRef"];
            cluster: components["schemas"]["IdRef"] | null;
            primary_ip4: components["schemas"]["IdRef"] | null;
            primary_ip6: components["schemas"]["IdRef"] | null;
            description: string;
            tags: components["schemas"]["TagRef"][];
            custom_fields: components["schemas"]["CustomFields"];
        };
        /** @description `mac_address` is writable up to 4.1 and a read-only mirror of the primary MAC since 4.2, where `primary_mac_address` is the source of truth. */
        Interface: {
            id: number;
            device: components["schemas"]["IdRef"];
            name: string;
            enabled: boolean;
            mac_address?: string | null;
            primary_mac_address?: components["schemas"]["MACAddressRef"] | null;
            mode: components["schemas"]["StringChoice"] | null;
            untagged_vlan: components["schemas"]["IdRef"] | null;
            tagged_vlans: components["schemas"]["IdRef"][];
        };
        /** @description Same MAC rules as Interface. */
        VMInterface: {
            id: number;
            virtual_machine: components["schemas"]["IdRef"];
            name: string;
            enabled: boolean;
            mac_address?: string | null;
            primary_mac_address?: components["schemas"]["MACAddressRef"] | null;
            mode: components["schemas"]["StringChoice"] | null;
            untagged_vlan: components["schemas"]["IdRef"] | null;
            tagged_vlans: components["schemas"]["IdRef"][];
        };
        MACAddress: {
            id: number;
            mac_address: string;
            assigned_object_type: string | null;
            assigned_object_id: number | null;
        };
        VirtualMachine: {
            id: number;
            name: string;
            status: components["schemas"]["StringChoice"];
            site: components["schemas"]["NamedRef"] | null;
            tenant: components["schemas"]["NamedRef"] | null;
            role: components["schemas"]["NamedRef"] | null;
            platform: components["schemas"]["NamedRef"] | null;
            cluster: components["schemas"]["IdRef"] | null;
            primary_ip4: components["schemas"]["IdRef"] | null;
            primary_ip6: components["schemas"]["IdRef"] | null;
            /** @description A decimal; NetBox renders it as a string such as "2.00". */
            vcpus: (string | number) | null;
            /** @description MB */
            memory: number | null;
            /** @description GB before 4.1, MB since */
            disk: number | null;
            description: string;
            tags: components["schemas"]["TagRef"][];
            custom_fields: components["schemas"]["CustomFields"];
        };
        VirtualDisk: {
            id: number;
            virtual_machine: components["schemas"]["IdRef"];
            name: string;
            /** @description GB before 4.1, MB since */
            size: number;
        };
        Cluster: {
            id: number;
            name: string;
            type: components["schemas"]["NamedRef"];
            group: components["schemas"]["NamedRef"] | null;
            status: components["schemas"]["StringChoice"];
        };
        Tag: {
            id: number;
            name: string;
            slug: string;
            color?: string;
            description?: string;
        };
        ObjectChange: {
            id: number;
            /** Format: date-time */
            time: string;
            action: components["schemas"]["StringChoice"];
            /** @description e.g. ipam.ipaddress */
            changed_object_type: string;
            changed_object_id: number;
            /** Format: uuid */
            request_id: string;
            user_name: string;
        };
        JournalEntry: {
            id: number;
            assigned_object_type: string;
            assigned_object_id: number;
            kind: components["schemas"]["StringChoice"];
            comments: string;
            /** Format: date-time */
            created?: string | null;
        };
        CustomFieldsPatch: {
            custom_fields: components["schemas"]["CustomFields"];
        };
        CustomFieldsResult: {
            id: number;
            custom_fields: components["schemas"]["CustomFields"];
        };
        JournalEntryRequest: {
            /** @description e.g. virtualization.virtualmachine */
            assigned_object_type: string;
            assigned_object_id: number;
            /** @enum {string} */
            kind: "info" | "success" | "warning" | "danger";
            comments: string;
        };
        TagRequest: {
            name: string;
            slug: string;
            color?: string;
            description?: string;
        };
        TagPatch: {
            description?: string;
        };
        CustomField: {
            id: number;
            name: string;
            type: components["schemas"]["StringChoice"];
            object_types: string[];
            label?: string;
            group_name?: string;
            description?: string;
            /** @description an integer before 4.3 */
            validation_minimum?: number | null;
            /** @description an integer before 4.3 */
            validation_maximum?: number | null;
            validation_regex?: string;
        };
        CustomFieldRequest: {
            name: string;
            /** @enum {string} */
            type: "text" | "integer";
            object_types: string[];
            label?: string;
            group_name?: string;
            description?: string;
            validation_minimum?: number | null;
            validation_maximum?: number | null;
            validation_regex?: string;
        };
        CustomFieldPatch: {
            object_types?: string[];
            label?: string;
            description?: string;
            validation_minimum?: number | null;
            validation_maximum?: number | null;
            validation_regex?: string;
        };
        Webhook: {
            id: number;
            name: string;
            description?: string;
            payload_url: string;
            http_method?: string;
            http_content_type?: string;
            body_template?: string;
            /** @description readable through the API; never printed by nbsync */
            secret?: string;
            ssl_verification?: boolean;
        };
        WebhookRequest: {
            name: string;
            description?: string;
            payload_url: string;
            /** @enum {string} */
            http_method?: "POST";
            http_content_type?: string;
            /** @description empty: NetBox sends its default JSON body */
            body_template?: string;
            secret?: string;
            ssl_verification?: boolean;
        };
        WebhookPatch: {
            description?: string;
            payload_url?: string;
            /** @enum {string} */
            http_method?: "POST";
            http_content_type?: string;
            body_template?: string;
            secret?: string;
        };
        EventRule: {
            id: number;
            name: string;
            description?: string;
            enabled?: boolean;
            object_types: string[];
            /** @description 4.1+ */
            event_types?: string[];
            /** @description 4.0 only */
            type_create?: boolean;
            /** @description 4.0 only */
            type_update?: boolean;
            /** @description 4.0 only */
            type_delete?: boolean;
            action_type?: components["schemas"]["StringChoice"];
            action_object_type: string;
            action_object_id?: number | null;
        };
        EventRuleRequest: {
            name: string;
            description?: string;
            enabled?: boolean;
            object_types: string[];
            /** @description 4.1+ */
            event_types?: ("object_created" | "object_updated" | "object_deleted")[];
            /** @description 4.0 only */
            type_create?: boolean;
            /** @description 4.0 only */
            type_update?: boolean;
            /** @description 4.0 only */
            type_delete?: boolean;
            /** @enum {string} */
            action_type: "webhook";
            /** @enum {string} */
            action_object_type: "extras.webhook";
            action_object_id: number;
        };
        EventRulePatch: {
            description?: string;
            enabled?: boolean;
            object_types?: string[];
            /** @description 4.1+ */
            event_types?: ("object_created" | "object_updated" | "object_deleted")[];
            /** @description 4.0 only */
            type_create?: boolean;
            /** @description 4.0 only */
            type_update?: boolean;
            /** @description 4.0 only */
            type_delete?: boolean;
            /** @enum {string} */
            action_type?: "webhook";
            /** @enum {string} */
            action_object_type?: "extras.webhook";
            action_object_id?: number;
        };
        PaginatedPrefixList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["Prefix"][];
        };
        PaginatedIPAddressList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["IPAddress"][];
        };
        PaginatedVLANList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["VLAN"][];
        };
        PaginatedVLANGroupList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["VLANGroup"][];
        };
        PaginatedDeviceList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["Device"][];
        };
        PaginatedInterfaceList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["Interface"][];
        };
        PaginatedMACAddressList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["MACAddress"][];
        };
        PaginatedVirtualMachineList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["VirtualMachine"][];
        };
        PaginatedVMInterfaceList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["VMInterface"][];
        };
        PaginatedVirtualDiskList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["VirtualDisk"][];
        };
        PaginatedClusterList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["Cluster"][];
        };
        PaginatedTagList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["Tag"][];
        };
        PaginatedObjectChangeList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["ObjectChange"][];
        };
        PaginatedJournalEntryList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["JournalEntry"][];
        };
        PaginatedCustomFieldList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["CustomField"][];
        };
        PaginatedWebhookList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["Webhook"][];
        };
        PaginatedEventRuleList: {
            /** @description null in cursor mode */
            count: number | null;
            next: string | null;
            previous: string | null;
            results: components["schemas"]["EventRule"][];
        };
    };
    responses: never;
    parameters: {
        objectId: number;
        /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
        limit: number;
        offset: number;
        /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
        start: number;
        /** @description Comma-separated fields to serialise (4.0+). */
        fields: string;
        /** @description Comma-separated fields to leave out (4.5.2+). */
        omit: string;
        brief: boolean;
        /** @description `config_context` skips the rendered config context of devices and VMs. */
        exclude: "config_context";
        ordering: string;
        id: number[];
        /** @description Exact name; repeated means any of them. */
        nameFilter: string[];
        /** @description Tag slug; repeated means all of them (AND). */
        tag: string[];
        /** @description Tag slug the object must not carry. */
        tag__n: string[];
        /** @description Site slug. */
        site: string[];
        site_id: number[];
        /** @description Tenant slug. */
        tenant: string[];
        tenant_id: number[];
        /** @description VRF route distinguisher. */
        vrf: string[];
        vrf_id: number[];
        /** @description Status value; the valid values differ per object type. */
        status: string[];
        /** @description Role slug (a choice value on IP addresses). */
        role: string[];
        /** @description Cluster name. */
        cluster: string[];
        cluster_id: number[];
        device_id: number[];
        virtual_machine_id: number[];
        interface_id: number[];
        vminterface_id: number[];
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    status_retrieve: {
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
        };
    };
    ipam_prefixes_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
                /** @description Tag slug; repeated means all of them (AND). */
                tag?: components["parameters"]["tag"];
                /** @description Tag slug the object must not carry. */
                tag__n?: components["parameters"]["tag__n"];
                /** @description Site slug. */
                site?: components["parameters"]["site"];
                site_id?: components["parameters"]["site_id"];
                /** @description Tenant slug. */
                tenant?: components["parameters"]["tenant"];
                tenant_id?: components["parameters"]["tenant_id"];
                /** @description VRF route distinguisher. */
                vrf?: components["parameters"]["vrf"];
                vrf_id?: components["parameters"]["vrf_id"];
                /** @description Status value; the valid values differ per object type. */
                status?: components["parameters"]["status"];
                /** @description Role slug (a choice value on IP addresses). */
                role?: components["parameters"]["role"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prefixes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedPrefixList"];
                };
            };
        };
    };
    ipam_prefixes_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["objectId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomFieldsPatch"];
            };
        };
        responses: {
            /** @description The updated object */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomFieldsResult"];
                };
            };
        };
    };
    ipam_ip_addresses_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
                /** @description Tag slug; repeated means all of them (AND). */
                tag?: components["parameters"]["tag"];
                /** @description Tag slug the object must not carry. */
                tag__n?: components["parameters"]["tag__n"];
                /** @description Tenant slug. */
                tenant?: components["parameters"]["tenant"];
                tenant_id?: components["parameters"]["tenant_id"];
                /** @description VRF route distinguisher. */
                vrf?: components["parameters"]["vrf"];
                vrf_id?: components["parameters"]["vrf_id"];
                /** @description Status value; the valid values differ per object type. */
                status?: components["parameters"]["status"];
                /** @description Role slug (a choice value on IP addresses). */
                role?: components["parameters"]["role"];
                device_id?: components["parameters"]["device_id"];
                virtual_machine_id?: components["parameters"]["virtual_machine_id"];
                interface_id?: components["parameters"]["interface_id"];
                vminterface_id?: components["parameters"]["vminterface_id"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description IP addresses */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedIPAddressList"];
                };
            };
        };
    };
    ipam_ip_addresses_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["objectId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomFieldsPatch"];
            };
        };
        responses: {
            /** @description The updated object */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomFieldsResult"];
                };
            };
        };
    };
    ipam_vlans_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description VLANs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedVLANList"];
                };
            };
        };
    };
    ipam_vlan_groups_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description VLAN groups */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedVLANGroupList"];
                };
            };
        };
    };
    dcim_devices_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                /** @description `config_context` skips the rendered config context of devices and VMs. */
                exclude?: components["parameters"]["exclude"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
                /** @description Tag slug; repeated means all of them (AND). */
                tag?: components["parameters"]["tag"];
                /** @description Tag slug the object must not carry. */
                tag__n?: components["parameters"]["tag__n"];
                /** @description Site slug. */
                site?: components["parameters"]["site"];
                site_id?: components["parameters"]["site_id"];
                /** @description Tenant slug. */
                tenant?: components["parameters"]["tenant"];
                tenant_id?: components["parameters"]["tenant_id"];
                /** @description Status value; the valid values differ per object type. */
                status?: components["parameters"]["status"];
                /** @description Role slug (a choice value on IP addresses). */
                role?: components["parameters"]["role"];
                cluster_id?: components["parameters"]["cluster_id"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Devices */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedDeviceList"];
                };
            };
        };
    };
    dcim_devices_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["objectId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomFieldsPatch"];
            };
        };
        responses: {
            /** @description The updated object */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomFieldsResult"];
                };
            };
        };
    };
    dcim_interfaces_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
                device_id?: components["parameters"]["device_id"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Device interfaces */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedInterfaceList"];
                };
            };
        };
    };
    dcim_mac_addresses_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
                device_id?: components["parameters"]["device_id"];
                virtual_machine_id?: components["parameters"]["virtual_machine_id"];
                interface_id?: components["parameters"]["interface_id"];
                vminterface_id?: components["parameters"]["vminterface_id"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description MAC addresses */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedMACAddressList"];
                };
            };
        };
    };
    virtualization_virtual_machines_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                /** @description `config_context` skips the rendered config context of devices and VMs. */
                exclude?: components["parameters"]["exclude"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
                /** @description Tag slug; repeated means all of them (AND). */
                tag?: components["parameters"]["tag"];
                /** @description Tag slug the object must not carry. */
                tag__n?: components["parameters"]["tag__n"];
                /** @description Site slug. */
                site?: components["parameters"]["site"];
                site_id?: components["parameters"]["site_id"];
                /** @description Tenant slug. */
                tenant?: components["parameters"]["tenant"];
                tenant_id?: components["parameters"]["tenant_id"];
                /** @description Status value; the valid values differ per object type. */
                status?: components["parameters"]["status"];
                /** @description Role slug (a choice value on IP addresses). */
                role?: components["parameters"]["role"];
                /** @description Cluster name. */
                cluster?: components["parameters"]["cluster"];
                cluster_id?: components["parameters"]["cluster_id"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Virtual machines */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedVirtualMachineList"];
                };
            };
        };
    };
    virtualization_virtual_machines_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["objectId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomFieldsPatch"];
            };
        };
        responses: {
            /** @description The updated object */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomFieldsResult"];
                };
            };
        };
    };
    virtualization_interfaces_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
                virtual_machine_id?: components["parameters"]["virtual_machine_id"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description VM interfaces */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedVMInterfaceList"];
                };
            };
        };
    };
    virtualization_virtual_disks_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
                virtual_machine_id?: components["parameters"]["virtual_machine_id"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Virtual disks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedVirtualDiskList"];
                };
            };
        };
    };
    virtualization_clusters_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Clusters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedClusterList"];
                };
            };
        };
    };
    extras_tags_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                /** @description Comma-separated fields to leave out (4.5.2+). */
                omit?: components["parameters"]["omit"];
                brief?: components["parameters"]["brief"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
                /** @description Exact name; repeated means any of them. */
                name?: components["parameters"]["nameFilter"];
                slug?: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tags */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedTagList"];
                };
            };
        };
    };
    extras_tags_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TagRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tag"];
                };
            };
        };
    };
    extras_tags_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["objectId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TagPatch"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tag"];
                };
            };
        };
    };
    extras_custom_fields_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Exact name; repeated means any of them. */
                name?: components["parameters"]["nameFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Custom fields */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedCustomFieldList"];
                };
            };
        };
    };
    extras_custom_fields_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomFieldRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomField"];
                };
            };
        };
    };
    extras_custom_fields_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["objectId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomFieldPatch"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomField"];
                };
            };
        };
    };
    extras_webhooks_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Exact name; repeated means any of them. */
                name?: components["parameters"]["nameFilter"];
                payload_url?: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Webhooks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedWebhookList"];
                };
            };
        };
    };
    extras_webhooks_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
        };
    };
    extras_webhooks_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["objectId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookPatch"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
        };
    };
    extras_event_rules_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Exact name; repeated means any of them. */
                name?: components["parameters"]["nameFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Event rules */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedEventRuleList"];
                };
            };
        };
    };
    extras_event_rules_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EventRuleRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventRule"];
                };
            };
        };
    };
    extras_event_rules_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["objectId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EventRulePatch"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventRule"];
                };
            };
        };
    };
    core_object_changes_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
                time_after?: string;
                time_before?: string;
                changed_object_type?: string;
                action?: "create" | "update" | "delete";
                request_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Change records */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedObjectChangeList"];
                };
            };
        };
    };
    extras_journal_entries_list: {
        parameters: {
            query?: {
                /** @description Page size; NetBox caps it at MAX_PAGE_SIZE (default 1000). */
                limit?: components["parameters"]["limit"];
                offset?: components["parameters"]["offset"];
                /** @description Cursor pagination (4.6+) — objects with id >= start, ordered by id. */
                start?: components["parameters"]["start"];
                /** @description Comma-separated fields to serialise (4.0+). */
                fields?: components["parameters"]["fields"];
                ordering?: components["parameters"]["ordering"];
                id?: components["parameters"]["id"];
                assigned_object_type?: string;
                assigned_object_id?: number[];
                kind?: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Journal entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedJournalEntryList"];
                };
            };
        };
    };
    extras_journal_entries_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JournalEntryRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JournalEntry"];
                };
            };
        };
    };
}
