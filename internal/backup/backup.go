// Package backup moves a whole Interview-Prep installation through one
// archive (internal/backup/archive): `interviewprep export` writes every
// collection, the Kratos identities and, as asked, the recordings' media
// files; `interviewprep import` loads them into another database, Kratos
// and recordings directory. It knows no collection names: the app hands it
// the collections and indexes the domain packages declare.
package backup
