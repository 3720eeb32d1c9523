package dev.tributary.cli;

import dev.tributary.client.admin.AclBinding;
import dev.tributary.client.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tributary acls add|list|remove}: Kafka-style access-control entries. */
@Command(name = "acls", description = "Add, list and remove access-control entries (Kafka's ACL model).",
        subcommands = {AclsCommand.Add.class, AclsCommand.ListAcls.class, AclsCommand.Remove.class})
final class AclsCommand {

    @ParentCommand
    Main main;

    /** The fields that name one entry. */
    static final class Entry {
        @Option(names = "--principal", required = true, description = "e.g. User:alice, or User:* for everyone.")
        String principal;
        @Option(names = "--resource-type", required = true, description = "TOPIC, GROUP or CLUSTER.")
        String resourceType;
        @Option(names = "--resource-name", required = true,
                description = "Topic or group name (or prefix), * for all; kafka-cluster for CLUSTER.")
        String resourceName;
        @Option(names = "--pattern", defaultValue = "LITERAL", description = "LITERAL or PREFIXED (default: ${DEFAULT-VALUE}).")
        String pattern;
        @Option(names = "--operation", required = true, description = "READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, "
                + "DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE or ALL.")
        String operation;
        @Option(names = "--deny", description = "A DENY entry (default: ALLOW). A DENY wins over any ALLOW.")
        boolean deny;

        AclBinding binding() {
            return new AclBinding(principal, resourceType, resourceName, pattern, operation, deny ? "DENY" : "ALLOW");
        }
    }

    static String format(AclBinding a) {
        return a.permission() + " " + a.principal() + " " + a.operation() + " " + a.resourceType() + ":"
                + a.patternType() + ":" + a.resourceName();
    }

    @Command(name = "add", description = "Add an entry.")
    static final class Add implements Runnable {
        @ParentCommand
        AclsCommand acls;
        @Spec
        CommandSpec spec;
        @Mixin
        Entry entry;

        @Override
        public void run() {
            try (Admin admin = acls.main.admin()) {
                admin.createAcl(entry.binding());
                spec.commandLine().getOut().println("Added: " + format(entry.binding()));
            }
        }
    }

    @Command(name = "list", description = "List entries.")
    static final class ListAcls implements Runnable {
        @ParentCommand
        AclsCommand acls;
        @Spec
        CommandSpec spec;
        @Option(names = "--principal", description = "Only this principal's entries.")
        String principal;

        @Override
        public void run() {
            try (Admin admin = acls.main.admin()) {
                var list = admin.listAcls(principal);
                var out = spec.commandLine().getOut();
                if (list.isEmpty()) {
                    out.println("No ACLs.");
                }
                list.forEach(a -> out.println(format(a)));
            }
        }
    }

    @Command(name = "remove", description = "Remove an entry (every field must match).")
    static final class Remove implements Runnable {
        @ParentCommand
        AclsCommand acls;
        @Spec
        CommandSpec spec;
        @Mixin
        Entry entry;

        @Override
        public void run() {
            try (Admin admin = acls.main.admin()) {
                if (!admin.deleteAcl(entry.binding())) {
                    throw new IllegalArgumentException("No such ACL: " + format(entry.binding()));
                }
                spec.commandLine().getOut().println("Removed: " + format(entry.binding()));
            }
        }
    }
}
