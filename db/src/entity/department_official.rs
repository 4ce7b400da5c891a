use sea_orm::entity::prelude::*;

/// A city official who answers for a department.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "department_officials")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub department_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
