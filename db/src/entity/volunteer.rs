use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub draw_id: i64,
    pub user_id: Option<i64>,
    pub pseudonym: String,
    pub gender: String,
    pub birth_year: i32,
    pub diploma: String,
    pub district: String,
    pub weight: f64,
    pub consented_at: DateTimeUtc,
    pub name: Option<String>,
    pub email: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
