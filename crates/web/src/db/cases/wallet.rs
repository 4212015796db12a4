//! The case's document wallet in `person_documents`: read with the case, written back
//! whole when it changed (documents keep their number within the case).

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use softland_domain::Case;
use softland_domain::case::{DocumentNo, WalletEntry};
use softland_domain::document::{Country, Document, DocumentKind, DocumentNumber, DocumentParts};

use super::super::DbError;
use super::super::entities::person_documents;
use super::super::rows::ReadRows;
use super::rows::corrupt;
use crate::ids::CaseId;

fn entry_from_row(
    row: &person_documents::Model,
    person_ids: &[i64],
) -> Result<WalletEntry, DbError> {
    let person = person_ids
        .iter()
        .position(|id| *id == row.person_id)
        .ok_or_else(|| corrupt("document", "of a person of another case"))?;
    let document = Document::new(DocumentParts {
        kind: DocumentKind::parse(&row.kind).ok_or_else(|| corrupt("document kind", &row.kind))?,
        number: DocumentNumber::parse(&row.number).map_err(|e| corrupt("document number", e))?,
        country: Country::parse(&row.issuing_country).map_err(|e| corrupt("country", e))?,
        issued_on: row.issued_on,
        valid_until: row.valid_until,
    })
    .map_err(|e| corrupt("document", e))?;
    let no = u32::try_from(row.number_in_case).map_err(|e| corrupt("document number", e))?;
    Ok(WalletEntry {
        no: DocumentNo::new(no),
        person,
        document,
    })
}

/// The wallet of case `id`, whose people have the ids `person_ids` (by position).
pub(super) async fn load(
    conn: &impl ReadRows,
    id: CaseId,
    person_ids: &[i64],
) -> Result<Vec<WalletEntry>, DbError> {
    let rows = super::super::all(
        person_documents::Entity::find()
            .filter(person_documents::Column::CaseId.eq(id.0))
            .order_by_asc(person_documents::Column::NumberInCase),
        conn,
    )
    .await?;
    rows.iter().map(|r| entry_from_row(r, person_ids)).collect()
}

/// The rows of `case`'s wallet.
pub(crate) fn rows(
    id: CaseId,
    person_ids: &[i64],
    case: &Case,
) -> Vec<person_documents::ActiveModel> {
    case.documents()
        .iter()
        .filter_map(|e| {
            let d = &e.document;
            Some(person_documents::ActiveModel {
                case_id: Set(id.0),
                number_in_case: Set(i64::from(e.no.get())),
                person_id: Set(*person_ids.get(e.person)?),
                kind: Set(d.kind().as_str().to_owned()),
                number: Set(d.number().to_string()),
                issuing_country: Set(d.country().to_string()),
                issued_on: Set(d.issued_on()),
                valid_until: Set(d.valid_until()),
            })
        })
        .collect()
}

/// Writes `case`'s wallet when it differs from `before`'s (`None`: a new case).
pub(super) async fn save(
    conn: &impl ConnectionTrait,
    id: CaseId,
    person_ids: &[i64],
    before: Option<&Case>,
    case: &Case,
) -> Result<(), DbError> {
    if before.map_or(case.documents().is_empty(), |b| {
        b.documents() == case.documents()
    }) {
        return Ok(());
    }
    person_documents::Entity::delete_many()
        .filter(person_documents::Column::CaseId.eq(id.0))
        .exec(conn)
        .await?;
    let rows = rows(id, person_ids, case);
    if !rows.is_empty() {
        person_documents::Entity::insert_many(rows)
            .exec(conn)
            .await?;
    }
    Ok(())
}
