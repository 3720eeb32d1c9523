package dev.tributary.core.api;

import java.util.List;

/** {@code GET /v1/acls}: the ACL entries, optionally of one principal. */
public record AclList(List<AclEntry> acls) {
}
