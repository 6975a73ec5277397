/**
 * The one table's shape. Everything that knows a key attribute name lives in
 * packages/store; the Storage stack and the local runtime both build the table from
 * this description, so the laptop and AWS never drift apart.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; AWS deletes expired items lazily, so reads filter them too. */
  ttl: 'expiresAt',
} as const;

/** Global secondary indexes: name → [partition key, sort key]. All attributes are strings. */
export const TABLE_INDEXES = {
  /** Triage queue: status partition, newest first by `createdAt#ref`. */
  byStatus: ['gsi1pk', 'gsi1sk'],
  /** Per-route lists (e.g. donor-routed only), newest first. */
  byRoute: ['gsi2pk', 'gsi2sk'],
  /**
   * Sparse: only urgent submissions carry these keys (the same values as byStatus and
   * byRoute), so the staff queue reads urgent work first without reading past the rest.
   */
  urgentByStatus: ['gsi3pk', 'gsi3sk'],
  urgentByRoute: ['gsi4pk', 'gsi4sk'],
} as const;

export type IndexName = keyof typeof TABLE_INDEXES;

/** A CreateTable input for local emulators (dynalite, DynamoDB Local). */
export function createTableInput(tableName: string) {
  const indexAttributes = Object.values(TABLE_INDEXES).flat();
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' as const },
    ],
    AttributeDefinitions: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...indexAttributes].map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    GlobalSecondaryIndexes: Object.entries(TABLE_INDEXES).map(([name, [pk, sk]]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: pk, KeyType: 'HASH' as const },
        { AttributeName: sk, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
