/**
 * The HTTP API's JSON bodies as typed records, shared by the service and the SDK so that
 * both sides read and write the same shapes (field names are the JSON names). Plain
 * records whose only annotations are Jakarta Validation constraints (an optional
 * dependency, checked by the service on request bodies, and on each record of a list
 * field): the SDK maps them with Jackson,
 * the service imports them into its serializer. Absent optional fields are {@code null}.
 */
package dev.tributary.core.api;
