package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"go.mongodb.org/mongo-driver/v2/mongo"
	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// idExpr is the expression FerretDB v1.24.2's SQLite backend filters on for
// an exact _id match (metadata.IDColumn). Its own index is on a different
// expression, so those lookups scan the table (docs/architecture.md §3).
const idExpr = `_ferretdb_sjson->'$._id'`

// EnsureIDIndexes makes exact-_id lookups, updates and deletes on the
// embedded FerretDB use an index: it creates each collection if missing and
// adds an SQLite expression index on idExpr to its table. This is outside
// FerretDB's API (listIndexes does not show it; dropping the collection drops
// it), which is why it lives here, behind this one function. On a real
// MongoDB it does nothing: _id is always indexed there.
func (db *DB) EnsureIDIndexes(ctx context.Context, collections ...string) error {
	if !db.Embedded || len(collections) == 0 {
		return nil
	}
	for _, c := range collections {
		err := db.DB.CreateCollection(ctx, c)
		var ce mongo.CommandError
		if err != nil && !(errors.As(err, &ce) && ce.Name == "NamespaceExists") {
			return fmt.Errorf("database: create collection %s: %w", c, err)
		}
	}
	sq, err := db.openSQLite()
	if err != nil {
		return err
	}
	defer sq.Close()
	for _, c := range collections {
		table, err := tableName(ctx, sq, c)
		if err != nil {
			return err
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, table+"_id_expr", table, idExpr)
		if _, err := sq.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("database: _id index on %s: %w", c, err)
		}
	}
	return nil
}

// openSQLite opens the embedded database's SQLite file next to FerretDB
// (WAL mode lets both use it).
func (db *DB) openSQLite() (*sql.DB, error) {
	path := filepath.Join(db.sqliteDir, db.DB.Name()+".sqlite")
	uri := "file:" + path + "?" + url.Values{"_pragma": {"busy_timeout(10000)"}}.Encode()
	sq, err := sql.Open("sqlite", uri)
	if err != nil {
		return nil, fmt.Errorf("database: open %s: %w", path, err)
	}
	sq.SetMaxOpenConns(1)
	return sq, nil
}

func tableName(ctx context.Context, sq *sql.DB, collection string) (string, error) {
	var table string
	err := sq.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, collection).Scan(&table)
	if err != nil {
		return "", fmt.Errorf("database: table of collection %s: %w", collection, err)
	}
	return table, nil
}

// idLookupPlan returns SQLite's query plan for FerretDB's exact-_id query on
// collection (for tests: it must name the expression index).
func (db *DB) idLookupPlan(ctx context.Context, collection string) (string, error) {
	sq, err := db.openSQLite()
	if err != nil {
		return "", err
	}
	defer sq.Close()
	table, err := tableName(ctx, sq, collection)
	if err != nil {
		return "", err
	}
	rows, err := sq.QueryContext(ctx, fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE %s = ?`, table, idExpr), `"x"`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; "), rows.Err()
}
