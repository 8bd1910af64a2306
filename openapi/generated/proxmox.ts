// Generated from openapi/proxmox.yaml by `npm run gen:api`. Do not edit.

export interface paths {
    "/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server version (a token check) */
        get: operations["getVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cluster nodes */
        get: operations["listNodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The effective privileges of the token, per ACL path */
        get: operations["getPermissions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cluster/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every guest of the cluster in one call (`type=vm`), with its node and status */
        get: operations["listClusterResources"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cluster/nextid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The next free VMID (or an error when the given `vmid` is taken) */
        get: operations["getNextId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/{node}/qemu/{vmid}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Destroy a VM and its disks (refused while it runs or is locked) */
        delete: operations["destroyVm"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/{node}/qemu/{vmid}/config": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        /** The VM configuration (pending values applied) with its `digest` */
        get: operations["getVmConfig"];
        put?: never;
        /** Change the configuration in a task; fails with a checksum mismatch when `digest` is stale */
        post: operations["setVmConfigAsync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/{node}/qemu/{vmid}/status/current": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        /** Runtime status of one VM */
        get: operations["getVmStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/{node}/qemu/{vmid}/clone": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Clone a VM or template (linked by default for a template) */
        post: operations["cloneVm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/{node}/qemu/{vmid}/migrate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a VM to another node (`online` for a running VM) */
        post: operations["migrateVm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/{node}/qemu/{vmid}/resize": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        get?: never;
        /** Grow one disk (shrinking is refused); a task since PVE 8, `null` before */
        put: operations["resizeVmDisk"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/{node}/qemu/{vmid}/status/start": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a VM (refused for templates and running VMs) */
        post: operations["startVm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/{node}/qemu/{vmid}/status/stop": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hard stop (like pulling the plug) */
        post: operations["stopVm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/{node}/qemu/{vmid}/status/shutdown": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** ACPI shutdown; `forceStop` stops the VM when `timeout` passes */
        post: operations["shutdownVm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/{node}/tasks/{upid}/status": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                /** @description The task id, URL-encoded (it contains `:`, `@` and `!`) */
                upid: string;
            };
            cookie?: never;
        };
        /** State of a background task; `exitstatus` once `status` is `stopped` */
        get: operations["getTaskStatus"];
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
        /** @description A boolean that PVE may write as 0/1 or as a string */
        LooseBoolean: boolean | (0 | 1) | string;
        /** @description An integer that PVE may write as a JSON string */
        LooseInteger: number | string;
        ErrorBody: {
            data?: unknown;
            /** @description Since PVE 8.4 (fix #6503): the reason phrase again */
            message?: string;
            /** @description Parameter name to problem (HTTP 400) */
            errors?: {
                [key: string]: string;
            };
        };
        Version: {
            version: string;
            release: string;
            repoid?: string;
        };
        NodeEntry: {
            node: string;
            /** @enum {string} */
            status?: "unknown" | "online" | "offline";
        };
        ClusterResource: {
            /** @description e.g. `qemu/105` */
            id: string;
            /** @description `qemu` or `lxc` for `type=vm` */
            type: string;
            vmid?: components["schemas"]["LooseInteger"];
            name?: string;
            node?: string;
            /** @description `running`, `stopped`, `paused`… */
            status?: string;
            template?: components["schemas"]["LooseBoolean"];
            /** @description separated by `;` */
            tags?: string;
            lock?: string;
            pool?: string;
            maxcpu?: number;
            /** @description bytes */
            maxmem?: number;
            /** @description bytes */
            maxdisk?: number;
        };
        /** @description Flat config keys; indexed devices are `net0`, `scsi0`, `ipconfig0`… */
        VmConfig: {
            /** @description SHA-1 of the config file */
            digest: string;
            name?: string;
            description?: string;
            tags?: string;
            cores?: components["schemas"]["LooseInteger"];
            sockets?: components["schemas"]["LooseInteger"];
            /** @description MiB, or the property string `[current=]<MiB>` */
            memory?: number | string;
            template?: components["schemas"]["LooseBoolean"];
            lock?: string;
            /** @description `virtio=<MAC>,bridge=vmbr0,tag=130,…` */
            net0?: string;
            /** @description `ip=<CIDR>,gw=<IP>` or `ip=dhcp` */
            ipconfig0?: string;
        } & {
            [key: string]: string | number;
        };
        /** @description Keys to set, plus `delete` (comma list), `digest` */
        VmConfigChange: {
            digest?: string;
            delete?: string;
            name?: string;
            description?: string;
            tags?: string;
            cores?: number;
            memory?: string;
            net0?: string;
            ipconfig0?: string;
            background_delay?: number;
        } & {
            [key: string]: string;
        };
        VmStatus: {
            vmid?: components["schemas"]["LooseInteger"];
            name?: string;
            /** @enum {string} */
            status: "running" | "stopped";
            qmpstatus?: string;
            lock?: string;
            tags?: string;
            template?: components["schemas"]["LooseBoolean"];
        };
        CloneRequest: {
            newid: number;
            name?: string;
            description?: string;
            full?: components["schemas"]["LooseBoolean"];
            /** @description full clone only */
            storage?: string;
            /** @description another node; needs shared storage */
            target?: string;
            pool?: string;
        };
        MigrateRequest: {
            target: string;
            online?: components["schemas"]["LooseBoolean"];
            "with-local-disks"?: components["schemas"]["LooseBoolean"];
        };
        ResizeRequest: {
            /** @description e.g. `scsi0` */
            disk: string;
            /** @description `+<n>[KMGT]` or an absolute `<n>[KMGT]` */
            size: string;
            digest?: string;
        };
        PowerRequest: {
            timeout?: number;
            forceStop?: components["schemas"]["LooseBoolean"];
            "overrule-shutdown"?: components["schemas"]["LooseBoolean"];
        };
        TaskStatus: {
            upid?: string;
            node?: string;
            /** @description `qmclone`, `qmstart`, `qmigrate`… */
            type?: string;
            id?: string;
            user?: string;
            /** @enum {string} */
            status: "running" | "stopped";
            /** @description `OK`, `WARNINGS: <n>`, or the error message */
            exitstatus?: string;
        };
    };
    responses: {
        /** @description The task id (UPID) of the background work started */
        Task: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    data: string;
                };
            };
        };
        /** @description A task id, or `null` when the work finished synchronously */
        OptionalTask: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    data: string | null;
                };
            };
        };
        /** @description An error; the message is the reason phrase and, since PVE 8.4, `message` */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
    };
    parameters: {
        Node: string;
        Vmid: number;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Version details */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Version"];
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
    listNodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Node list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["NodeEntry"][];
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
    getPermissions: {
        parameters: {
            query?: {
                path?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Map of path to map of privilege to propagate flag */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            [key: string]: {
                                [key: string]: components["schemas"]["LooseBoolean"];
                            };
                        };
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
    listClusterResources: {
        parameters: {
            query?: {
                type?: "vm" | "storage" | "node" | "sdn";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Resource list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ClusterResource"][];
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
    getNextId: {
        parameters: {
            query?: {
                vmid?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The id, often as a JSON string */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["LooseInteger"];
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
    destroyVm: {
        parameters: {
            query?: {
                purge?: components["schemas"]["LooseBoolean"];
                "destroy-unreferenced-disks"?: components["schemas"]["LooseBoolean"];
                skiplock?: components["schemas"]["LooseBoolean"];
            };
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Task"];
            default: components["responses"]["Error"];
        };
    };
    getVmConfig: {
        parameters: {
            query?: {
                current?: components["schemas"]["LooseBoolean"];
            };
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Config keys plus `digest` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["VmConfig"];
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
    setVmConfigAsync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VmConfigChange"];
            };
        };
        responses: {
            200: components["responses"]["OptionalTask"];
            default: components["responses"]["Error"];
        };
    };
    getVmStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
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
                    "application/json": {
                        data: components["schemas"]["VmStatus"];
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
    cloneVm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CloneRequest"];
            };
        };
        responses: {
            200: components["responses"]["Task"];
            default: components["responses"]["Error"];
        };
    };
    migrateVm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MigrateRequest"];
            };
        };
        responses: {
            200: components["responses"]["Task"];
            default: components["responses"]["Error"];
        };
    };
    resizeVmDisk: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResizeRequest"];
            };
        };
        responses: {
            200: components["responses"]["OptionalTask"];
            default: components["responses"]["Error"];
        };
    };
    startVm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PowerRequest"];
            };
        };
        responses: {
            200: components["responses"]["Task"];
            default: components["responses"]["Error"];
        };
    };
    stopVm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PowerRequest"];
            };
        };
        responses: {
            200: components["responses"]["Task"];
            default: components["responses"]["Error"];
        };
    };
    shutdownVm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                vmid: components["parameters"]["Vmid"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PowerRequest"];
            };
        };
        responses: {
            200: components["responses"]["Task"];
            default: components["responses"]["Error"];
        };
    };
    getTaskStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                node: components["parameters"]["Node"];
                /** @description The task id, URL-encoded (it contains `:`, `@` and `!`) */
                upid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Task status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["TaskStatus"];
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
}
